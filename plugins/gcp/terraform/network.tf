# A VPC of its own: one subnet with secondary ranges for pods and services (VPC-native GKE), Cloud NAT for
# the private nodes' egress, and the private services range Cloud SQL's private IP is peered through.
resource "google_compute_network" "main" {
  name                    = "${local.name}-vpc"
  project                 = var.project_id
  auto_create_subnetworks = false
  routing_mode            = "REGIONAL"

  depends_on = [google_project_service.enabled]
}

resource "google_compute_subnetwork" "nodes" {
  name                     = "${local.name}-nodes"
  project                  = var.project_id
  region                   = var.region
  network                  = google_compute_network.main.id
  ip_cidr_range            = var.subnet_cidr
  private_ip_google_access = true

  secondary_ip_range {
    range_name    = "pods"
    ip_cidr_range = var.pods_cidr
  }

  secondary_ip_range {
    range_name    = "services"
    ip_cidr_range = var.services_cidr
  }

  log_config {
    aggregation_interval = "INTERVAL_5_MIN"
    flow_sampling        = 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_router" "main" {
  name    = "${local.name}-router"
  project = var.project_id
  region  = var.region
  network = google_compute_network.main.id
}

resource "google_compute_router_nat" "main" {
  name                               = "${local.name}-nat"
  project                            = var.project_id
  region                             = var.region
  router                             = google_compute_router.main.name
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"

  log_config {
    enable = true
    filter = "ERRORS_ONLY"
  }
}

# Private services access: Cloud SQL gets an address from this range, reachable only inside the VPC.
resource "google_compute_global_address" "private_services" {
  name          = "${local.name}-private-services"
  project       = var.project_id
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = 20
  network       = google_compute_network.main.id
}

resource "google_service_networking_connection" "private_services" {
  network                 = google_compute_network.main.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.private_services.name]

  # Google keeps the peering busy for a while after Cloud SQL is deleted, so removing it fails the destroy;
  # abandoned, it goes with the VPC.
  deletion_policy = "ABANDON"
}

# The commons' public address: the GKE Ingress of revproxy takes it by name
# (kubernetes.io/ingress.global-static-ip-name), so DNS can point at it before the first deploy.
resource "google_compute_global_address" "ingress" {
  name    = "${local.name}-ingress"
  project = var.project_id

  depends_on = [google_project_service.enabled]
}
