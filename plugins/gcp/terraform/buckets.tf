# Cloud Storage: data (uploads), logs (access logs of the others), manifest (manifestservice) and user.yaml
# (usersync reads it; kept apart from the data bucket so uploaders cannot grant themselves access).
# Uniform bucket-level access, public access prevented, versioned, encrypted with the commons key (CMEK).
locals {
  buckets = {
    data      = "${local.bucket_prefix}-data"
    logs      = "${local.bucket_prefix}-logs"
    manifest  = "${local.bucket_prefix}-manifest"
    user_yaml = "${local.bucket_prefix}-useryaml"
  }
}

resource "google_storage_bucket" "logs" {
  name                        = local.buckets.logs
  project                     = var.project_id
  location                    = var.region
  force_destroy               = var.bucket_force_destroy
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }

  encryption {
    default_kms_key_name = google_kms_crypto_key.main.id
  }

  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      age = var.log_retention_days
    }
  }

  depends_on = [google_kms_crypto_key_iam_member.storage_agent]
}

resource "google_storage_bucket" "main" {
  for_each = { for kind, name in local.buckets : kind => name if kind != "logs" }

  name                        = each.value
  project                     = var.project_id
  location                    = var.region
  force_destroy               = var.bucket_force_destroy
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }

  encryption {
    default_kms_key_name = google_kms_crypto_key.main.id
  }

  logging {
    log_bucket        = google_storage_bucket.logs.name
    log_object_prefix = each.key
  }

  depends_on = [google_kms_crypto_key_iam_member.storage_agent]
}

# Cloud Storage writes the other buckets' usage logs as this group (documented for usage logs).
resource "google_storage_bucket_iam_member" "logs_writer" {
  bucket = google_storage_bucket.logs.name
  role   = "roles/storage.objectCreator"
  member = "group:cloud-storage-analytics@google.com"
}

# Who may touch which bucket: fence signs data URLs and reads user.yaml, manifestservice writes manifests.
resource "google_storage_bucket_iam_member" "service" {
  for_each = {
    fence_data          = { bucket = "data", account = "fence", role = "roles/storage.objectAdmin" }
    fence_user_yaml     = { bucket = "user_yaml", account = "fence", role = "roles/storage.objectViewer" }
    manifestservice_rw  = { bucket = "manifest", account = "manifestservice", role = "roles/storage.objectAdmin" }
    hatchery_manifest_r = { bucket = "manifest", account = "hatchery", role = "roles/storage.objectViewer" }
  }

  bucket = google_storage_bucket.main[each.value.bucket].name
  role   = each.value.role
  member = "serviceAccount:${google_service_account.workload[each.value.account].email}"
}
