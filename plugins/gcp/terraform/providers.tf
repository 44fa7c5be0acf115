# Provider configuration. Credentials never pass through Terraform variables: the plugin puts the cloud
# account's service account key into GOOGLE_CREDENTIALS for the run (src/applyGcpCredentials.ts).
provider "google" {
  project = var.project_id
  region  = var.region

  # Every resource that takes labels gets these, so a commons' resources can be found and costed together.
  default_labels = local.labels
}

data "google_project" "current" {
  project_id = var.project_id
}

# The Cloud Storage service agent: it encrypts objects with the commons key (CMEK), so it needs the key.
data "google_storage_project_service_account" "current" {
  project = var.project_id
}

data "google_compute_zones" "available" {
  project = var.project_id
  region  = var.region
  status  = "UP"

  depends_on = [google_project_service.enabled]
}
