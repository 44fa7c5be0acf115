# The Kubernetes cluster (EKS-like: cluster name = commons name, an IRSA-style OIDC provider) and its node group.

locals {
  node_sizes = {
    small  = { instance_type = "sim.large", min = 2, desired = 2, max = 4 }
    medium = { instance_type = "sim.xlarge", min = 3, desired = 3, max = 8 }
    large  = { instance_type = "sim.2xlarge", min = 4, desired = 6, max = 20 }
  }
  cluster_id        = upper(substr(sha256("${local.id_seed}/cluster"), 0, 32))
  cluster_endpoint  = "https://${local.cluster_id}.sim-eks.${var.region}.sim.gen3.local"
  oidc_issuer       = "oidc.sim-eks.${var.region}.sim.gen3.local/id/${local.cluster_id}"
  oidc_provider_arn = "arn:sim:iam::000000000000:oidc-provider/${local.oidc_issuer}"
}

resource "terraform_data" "cluster" {
  input = {
    simulated   = true
    name        = var.name
    version     = "1.31"
    endpoint    = local.cluster_endpoint
    ca          = base64encode("-----BEGIN CERTIFICATE-----\nSIMULATED CA FOR ${var.name} (not a real certificate)\n-----END CERTIFICATE-----\n")
    oidc_issuer = "https://${local.oidc_issuer}"
    subnet_ids  = [for zone in local.zones : local.private_subnet_ids[zone]]
  }
  triggers_replace = [var.name, var.region]
  depends_on       = [terraform_data.private_subnet]

  provisioner "local-exec" {
    command = local.commands["terraform_data.cluster"]
  }
}

resource "terraform_data" "oidc_provider" {
  input = {
    simulated = true
    arn       = local.oidc_provider_arn
  }
  depends_on = [terraform_data.cluster]

  provisioner "local-exec" {
    command = local.commands["terraform_data.oidc_provider"]
  }
}

resource "terraform_data" "node_group" {
  input = {
    simulated     = true
    name          = "${var.name}-nodes"
    cluster       = var.name
    instance_type = local.node_sizes[var.size_tier].instance_type
    min_size      = local.node_sizes[var.size_tier].min
    desired_size  = local.node_sizes[var.size_tier].desired
    max_size      = local.node_sizes[var.size_tier].max
    subnet_ids    = [for zone in local.zones : local.private_subnet_ids[zone]]
  }
  depends_on = [terraform_data.cluster, terraform_data.nat_gateway]

  provisioner "local-exec" {
    command = local.commands["terraform_data.node_group"]
  }
}
