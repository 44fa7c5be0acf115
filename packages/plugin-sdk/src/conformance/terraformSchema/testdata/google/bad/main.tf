resource "google_compute_network" "main" {
  name                   = "commons"
  auto_create_subnetwork = false
}

resource "google_container_node_pool" "main" {
  name = "main"

  node_config {
    machin_type = "e2-standard-4"
  }
}
