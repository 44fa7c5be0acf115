# PostgreSQL, shaped like Aurora Serverless v2: capacity follows the database tier.

locals {
  database_capacity = {
    small  = { min_acu = 0.5, max_acu = 4 }
    medium = { min_acu = 1, max_acu = 16 }
    large  = { min_acu = 4, max_acu = 64 }
  }
  database_host = "${var.name}-aurora.cluster-sim${substr(local.id_seed, 28, 12)}.${var.region}.rds.sim.gen3.local"
}

resource "terraform_data" "database" {
  input = {
    simulated      = true
    identifier     = "${var.name}-aurora"
    engine         = "aurora-postgresql"
    engine_version = "16.4"
    min_acu        = local.database_capacity[var.database_tier].min_acu
    max_acu        = local.database_capacity[var.database_tier].max_acu
    host           = local.database_host
    port           = 5432
    subnet_ids     = [for zone in local.zones : local.private_subnet_ids[zone]]
    kms_key_id     = local.kms_key_id
  }
  depends_on = [terraform_data.private_subnet, terraform_data.kms_key]

  provisioner "local-exec" {
    command = local.commands["terraform_data.database"]
  }
}
