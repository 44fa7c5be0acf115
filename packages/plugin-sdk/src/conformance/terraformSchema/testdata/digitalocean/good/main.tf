# A small DOKS commons, as the digitalocean plugin would write it: every name is digitalocean 2.71.0's.
resource "digitalocean_vpc" "main" {
  name     = "commons"
  region   = "nyc3"
  ip_range = "10.10.0.0/16"
}

resource "digitalocean_kubernetes_cluster" "main" {
  name     = "commons"
  region   = digitalocean_vpc.main.region
  version  = "1.31.1-do.0"
  vpc_uuid = digitalocean_vpc.main.id

  node_pool {
    name       = "main"
    size       = "s-4vcpu-8gb"
    node_count = 3
    labels = {
      role = "main"
    }
  }

  maintenance_policy {
    day        = "sunday"
    start_time = "04:00"
  }
}

data "digitalocean_kubernetes_versions" "current" {
  version_prefix = "1.31."
}
