# A small GKE commons, as the gcp plugin would write it: every name is google 6.50.0's.
resource "google_compute_network" "main" {
  name                    = "commons"
  auto_create_subnetworks = false
}

resource "google_container_cluster" "main" {
  name                     = "commons"
  location                 = "us-central1"
  network                  = google_compute_network.main.id
  remove_default_node_pool = true
  initial_node_count       = 1

  workload_identity_config {
    workload_pool = "project.svc.id.goog"
  }
}

resource "google_container_node_pool" "main" {
  name       = "main"
  cluster    = google_container_cluster.main.id
  node_count = 3

  node_config {
    machine_type = "e2-standard-4"
    dynamic "taint" {
      for_each = []
      content {
        key    = taint.value.key
        value  = taint.value.value
        effect = "NO_SCHEDULE"
      }
    }
  }
}
