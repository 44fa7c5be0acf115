# Managed PostgreSQL on the commons VPC, reachable only from the DOKS cluster (database firewall), with a
# database and a user per Gen3 service. DigitalOcean generates each user's password; it leaves this module
# only through the write-cluster-secrets step (secrets.tf), never as a plain output.
resource "digitalocean_database_cluster" "main" {
  name                 = "${local.name}-pg"
  engine               = "pg"
  version              = var.postgres_version
  size                 = local.tier.database_size
  node_count           = local.tier.database_nodes
  region               = var.region
  private_network_uuid = digitalocean_vpc.main.id
  tags                 = local.tags

  maintenance_window {
    day  = "sunday"
    hour = "03:00:00"
  }
}

resource "digitalocean_database_firewall" "main" {
  cluster_id = digitalocean_database_cluster.main.id

  rule {
    type  = "k8s"
    value = digitalocean_kubernetes_cluster.main.id
  }
}

resource "digitalocean_database_db" "service" {
  for_each   = local.database_names
  cluster_id = digitalocean_database_cluster.main.id
  name       = each.value
}

resource "digitalocean_database_user" "service" {
  for_each   = local.database_names
  cluster_id = digitalocean_database_cluster.main.id
  name       = each.value
}
