resource "digitalocean_kubernetes_cluster" "main" {
  name    = "commons"
  regoin  = "nyc3"
  version = "1.31.1-do.0"
}

data "digitalocean_kubernetes_version" "current" {}
