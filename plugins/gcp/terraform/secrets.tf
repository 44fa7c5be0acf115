# Secret Manager entries the Gen3 chart reads through External Secrets, named
# <environment>-<namespace>-<name> (the renderer's ExternalSecrets use the same names):
# - <service>-creds: a JSON object with host, port, username, password, database, dbcreated, generated
#   during apply and written through write-only arguments (neither the plan nor the state holds it);
# - the other entries of a commons are created empty: their values (fence-config, fence's signing key, the
#   *-g3auto service configs, ...) come from the operator; docs/plugins/gcp.md says what is not generated here.
# The External Secrets service account may read every secret under the commons prefix and nothing else
# (an IAM condition on the name), so login client secrets the operator adds there later are readable too.
locals {
  operator_secrets = [
    "audit-g3auto",
    "cohort-middleware-g3auto",
    "csoc-telemetry-ingest",
    "fence-config",
    "fence-google-app-creds-secret",
    "fence-google-storage-creds-secret",
    "fence-jwt-keys",
    "gen3userdatalibrary-g3auto",
    "indexd-service-creds",
    "manifestservice-g3auto",
    "metadata-g3auto",
    "pelicanservice-g3auto",
    "requestor-g3auto",
    "sower-jobs-g3auto",
    "ssjdispatcher-creds",
    "wts-g3auto",
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

resource "google_project_iam_member" "external_secrets" {
  project = var.project_id
  role    = "roles/secretmanager.secretAccessor"
  member  = "serviceAccount:${google_service_account.workload["external_secrets"].email}"

  condition {
    title       = "${local.secret_prefix}-secrets"
    description = "Only the secrets of commons ${local.name}/${var.namespace}"
    expression  = "resource.name.startsWith(\"projects/${local.project_number}/secrets/${local.secret_prefix}-\")"
  }
}
