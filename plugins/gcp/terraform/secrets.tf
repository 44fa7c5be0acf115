# Secret Manager entries the Gen3 chart reads through External Secrets, named
# <environment>-<namespace>-<name> (the renderer's ExternalSecrets use the same names):
# - <service>-creds: a JSON object with host, port, username, password, database, dbcreated, generated
#   during apply and written through write-only arguments (neither the plan nor the state holds it);
# - the other entries are created empty: their values come from the operator or a later bootstrap step
#   (fence's signing key, fence-config, ...; docs/plugins/gcp.md lists what is not yet generated here).
# Only the External Secrets service account may read them, one grant per secret.
locals {
  operator_secrets = [
    "csoc-telemetry-ingest",
    "fence-config",
    "fence-google-app-creds-secret",
    "fence-google-storage-creds-secret",
    "fence-jwt-keys",
    "indexd-service-creds",
  ]
  secret_ids = merge(
    { for service in var.database_services : "${service}-creds" => "${local.secret_prefix}-${service}-creds" },
    { for name in local.operator_secrets : name => "${local.secret_prefix}-${name}" },
  )
}

resource "google_secret_manager_secret" "commons" {
  for_each = local.secret_ids

  secret_id = each.value
  project   = var.project_id
  labels    = local.labels

  replication {
    auto {}
  }

  depends_on = [google_project_service.enabled]
}

resource "google_secret_manager_secret_version" "database" {
  for_each = local.databases

  secret = google_secret_manager_secret.commons["${each.key}-creds"].id
  secret_data_wo = jsonencode({
    host      = google_sql_database_instance.main.private_ip_address
    port      = "5432"
    username  = each.value.username
    password  = local.db_passwords[each.key]
    database  = each.value.database
    dbcreated = "true"
  })
  secret_data_wo_version = 1

  depends_on = [google_sql_user.service, google_sql_database.service]
}

resource "google_secret_manager_secret_iam_member" "external_secrets" {
  for_each = local.secret_ids

  project   = var.project_id
  secret_id = google_secret_manager_secret.commons[each.key].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.workload["external_secrets"].email}"
}
