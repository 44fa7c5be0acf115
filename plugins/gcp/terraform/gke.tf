# GKE: a regional cluster with private nodes, Workload Identity, Dataplane V2 (network policies), shielded
# nodes and Kubernetes secrets encrypted with the commons key; the default pool is replaced by a general
# pool that autoscales, and (optionally) a pool for Elasticsearch.
resource "google_service_account" "nodes" {
  account_id   = "${local.name}-nodes"
  project      = var.project_id
  display_name = "GKE nodes of commons ${local.name}"

  depends_on = [google_project_service.enabled]
}

# The least a node needs: write logs and metrics, read images.
resource "google_project_iam_member" "nodes" {
  for_each = toset([
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
  ])

  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.nodes.email}"
}

resource "google_container_cluster" "main" {
  name     = local.name
  project  = var.project_id
  location = var.region

  network         = google_compute_network.main.id
  subnetwork      = google_compute_subnetwork.nodes.id
  networking_mode = "VPC_NATIVE"

  remove_default_node_pool = true
  initial_node_count       = 1
  deletion_protection      = var.deletion_protection
  enable_shielded_nodes    = true
  datapath_provider        = "ADVANCED_DATAPATH"

  ip_allocation_policy {
    cluster_secondary_range_name  = "pods"
    services_secondary_range_name = "services"
  }

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = var.master_cidr
  }

  master_authorized_networks_config {
    dynamic "cidr_blocks" {
      for_each = var.master_authorized_cidrs
      content {
        cidr_block   = cidr_blocks.value
        display_name = "authorized-${cidr_blocks.key}"
      }
    }
  }

  workload_identity_config {
    workload_pool = local.workload_pool
  }

  release_channel {
    channel = var.release_channel
  }

  database_encryption {
    state    = "ENCRYPTED"
    key_name = google_kms_crypto_key.main.id
  }

  resource_labels = local.labels

  depends_on = [google_kms_crypto_key_iam_member.gke_agent]
}

resource "google_container_node_pool" "general" {
  name     = "general"
  project  = var.project_id
  location = var.region
  cluster  = google_container_cluster.main.name

  autoscaling {
    min_node_count = local.tier.node_min_count
    max_node_count = local.node_max_count
  }

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  node_config {
    machine_type    = local.node_machine_type
    disk_type       = "pd-balanced"
    disk_size_gb    = 100
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    labels          = { "csoc.gen3.org/workload" = "general" }

    # Pods see the GKE metadata server: Workload Identity, never the node's own identity.
    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}

# Elasticsearch 7 (single node, as the gen3 chart's subchart runs it) gets a node of its own in one zone,
# so indexing never starves the services. Label only (no taint): a chart without a toleration still fits.
resource "google_container_node_pool" "search" {
  count = var.search_node_pool ? 1 : 0

  name           = "search"
  project        = var.project_id
  location       = var.region
  cluster        = google_container_cluster.main.name
  node_locations = [data.google_compute_zones.available.names[0]]
  node_count     = 1

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  node_config {
    machine_type    = local.tier.search_machine_type
    disk_type       = "pd-balanced"
    disk_size_gb    = 100
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    labels          = { "csoc.gen3.org/workload" = "search" }

    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}
