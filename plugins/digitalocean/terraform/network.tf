# The commons VPC: the cluster's nodes and the database share it, so PostgreSQL is reached on its private host.
resource "digitalocean_vpc" "main" {
  name        = "${local.name}-vpc"
  region      = var.region
  ip_range    = var.vpc_ip_range
  description = "Gen3 commons ${local.name} (CSOC)"
}
