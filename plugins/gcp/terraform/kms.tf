# Cloud KMS: one key ring and key per commons. It encrypts Kubernetes secrets in etcd (GKE application-layer
# encryption) and every bucket (CMEK). Key rings cannot be deleted in Google Cloud: a destroyed commons
# leaves its empty ring behind and its key versions scheduled for destruction.
resource "google_kms_key_ring" "main" {
  name     = "${local.name}-gen3"
  project  = var.project_id
  location = var.region

  depends_on = [google_project_service.enabled]
}

resource "google_kms_crypto_key" "main" {
  name            = "${local.name}-gen3"
  key_ring        = google_kms_key_ring.main.id
  purpose         = "ENCRYPT_DECRYPT"
  rotation_period = "7776000s" # 90 days

  # 30 days between destroying a key version and losing it for good (Google allows up to 120).
  destroy_scheduled_duration = "2592000s"
}

# The service agents that encrypt on the commons' behalf.
resource "google_kms_crypto_key_iam_member" "storage_agent" {
  crypto_key_id = google_kms_crypto_key.main.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:${data.google_storage_project_service_account.current.email_address}"
}

resource "google_kms_crypto_key_iam_member" "gke_agent" {
  crypto_key_id = google_kms_crypto_key.main.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = "serviceAccount:service-${local.project_number}@container-engine-robot.iam.gserviceaccount.com"

  # The GKE service agent exists once the Kubernetes Engine API is on.
  depends_on = [google_project_service.enabled]
}
