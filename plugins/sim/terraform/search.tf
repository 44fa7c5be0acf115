# Elasticsearch/OpenSearch 7.x domain <name>-gen3-metadata (VPC-only), when search is enabled.

locals {
  search_endpoint = "https://vpc-${var.name}-gen3-metadata-sim${substr(local.id_seed, 40, 12)}.${var.region}.es.sim.gen3.local"
}

resource "terraform_data" "search" {
  count = var.search_enabled ? 1 : 0

  input = {
    simulated      = true
    domain         = "${var.name}-gen3-metadata"
    engine_version = "Elasticsearch_7.10"
    endpoint       = local.search_endpoint
    subnet_id      = local.private_subnet_ids[local.zones[0]]
    kms_key_id     = local.kms_key_id
  }
  depends_on = [terraform_data.private_subnet, terraform_data.kms_key]

  provisioner "local-exec" {
    command = local.commands["terraform_data.search[0]"]
  }
}
