# Secret Manager entries the Gen3 chart reads through External Secrets, named
# <environment>-<namespace>-<name> (the renderer's ExternalSecrets use the same names). Values generated
# here are made during apply (uuid(): 122 bits from the OS CSPRNG) and written only through write-only
# arguments, so neither the plan nor the state holds them:
# - <service>-creds: host, port, username, password, database, dbcreated, per database service;
# - the service configurations that need only generated values and names: indexd-service-creds,
#   fence-config (without login providers: the renderer's ExternalSecret adds their client secrets), the
#   *-g3auto entries of services with a database, and fence's (empty) Google credentials;
# - created empty, written by the operator: fence-jwt-keys (an RSA key: no function of this module makes
#   one), ssjdispatcher-creds (needs a queue this plugin has no equivalent of yet), cohort-middleware-g3auto
#   (the OHDSI database) and csoc-telemetry-ingest (the commons' OTLP credential).
# The External Secrets service account may read every secret under the commons prefix and nothing else
# (an IAM condition on the name), so login client secrets the operator adds there later are readable too.
locals {
  commons_secret_names = [
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
  commons_hostname = coalesce(var.hostname, "${local.name}.invalid")

  # indexd basic-auth users of the other services (indexd's pre-install job creates them).
  indexd_passwords = { for user in ["fence", "gateway", "sheepdog", "ssj"] : user => replace(uuid(), "-", "") }
  # Fernet keys: URL-safe base64 of 32 random bytes (32 hex digits of a uuid).
  fernet_keys = {
    for purpose in ["fence_encryption", "fence_hmac", "wts_encryption", "wts_secret"] :
    purpose => replace(replace(base64encode(replace(uuid(), "-", "")), "+", "-"), "/", "_")
  }
  gateway_authz = "gateway:${local.indexd_passwords.gateway}"

  # Connection of each database service; a service without a database reads as empty (its entry is skipped).
  database = {
    for service in distinct(concat(var.database_services, ["audit", "fence", "gen3-user-data-library", "metadata", "requestor"])) :
    service => {
      host     = google_sql_database_instance.main.private_ip_address
      port     = "5432"
      username = try(local.databases[service].username, "")
      password = try(local.db_passwords[service], "")
      database = try(local.databases[service].database, "")
    }
  }

  # Entries that need a service's database, by the service.
  secret_database_service = {
    "audit-g3auto"               = "audit"
    "fence-config"               = "fence"
    "gen3userdatalibrary-g3auto" = "gen3-user-data-library"
    "metadata-g3auto"            = "metadata"
    "requestor-g3auto"           = "requestor"
  }
  generated_secret_names = concat(
    ["fence-google-app-creds-secret", "fence-google-storage-creds-secret", "indexd-service-creds", "manifestservice-g3auto", "pelicanservice-g3auto", "sower-jobs-g3auto", "wts-g3auto"],
    [for name, service in local.secret_database_service : name if contains(var.database_services, service)],
  )

  # Each value as the JSON object External Secrets reads properties from.
  generated_secret_values = {
    "audit-g3auto" = jsonencode({
      "audit-service-config.yaml" = yamlencode({
        DB_HOST         = local.database.audit.host
        DB_PORT         = local.database.audit.port
        DB_USER         = local.database.audit.username
        DB_PASSWORD     = local.database.audit.password
        DB_DATABASE     = local.database.audit.database
        PULL_FROM_QUEUE = false
      })
    })
    "fence-config" = jsonencode({
      "fence-config.yaml" = yamlencode({
        DB                  = "postgresql://${local.database.fence.username}:${local.database.fence.password}@${local.database.fence.host}:${local.database.fence.port}/${local.database.fence.database}"
        ENCRYPTION_KEY      = local.fernet_keys.fence_encryption
        HMAC_ENCRYPTION_KEY = local.fernet_keys.fence_hmac
        INDEXD_USERNAME     = "fence"
        INDEXD_PASSWORD     = local.indexd_passwords.fence
      })
    })
    # Fence's Google features (signed URLs with Google service account keys) stay off: Workload Identity.
    "fence-google-app-creds-secret"     = jsonencode({ "fence_google_app_creds_secret.json" = "{}" })
    "fence-google-storage-creds-secret" = jsonencode({ "fence_google_storage_creds_secret.json" = "{}" })
    "gen3userdatalibrary-g3auto" = jsonencode({
      "base64Authz.txt" = base64encode(local.gateway_authz)
      "dbcreds.json" = jsonencode({
        db_host     = local.database["gen3-user-data-library"].host
        db_username = local.database["gen3-user-data-library"].username
        db_password = local.database["gen3-user-data-library"].password
        db_database = local.database["gen3-user-data-library"].database
      })
      "gen3-user-data-library.env" = join("\n", [
        "DB_HOST=${local.database["gen3-user-data-library"].host}",
        "DB_USER=${local.database["gen3-user-data-library"].username}",
        "DB_PASSWORD=${local.database["gen3-user-data-library"].password}",
        "DB_DATABASE=${local.database["gen3-user-data-library"].database}",
        "ADMIN_LOGINS=${local.gateway_authz}",
        "",
      ])
    })
    "indexd-service-creds" = jsonencode(local.indexd_passwords)
    "manifestservice-g3auto" = jsonencode({
      "config.json" = jsonencode({ manifest_bucket_name = local.buckets.manifest, hostname = local.commons_hostname, prefix = local.commons_hostname })
    })
    "metadata-g3auto" = jsonencode({
      "base64Authz.txt" = base64encode(local.gateway_authz)
      "dbcreds.json" = jsonencode({
        db_host     = local.database.metadata.host
        db_username = local.database.metadata.username
        db_password = local.database.metadata.password
        db_database = local.database.metadata.database
      })
      "metadata.env" = join("\n", [
        "DB_HOST=${local.database.metadata.host}",
        "DB_USER=${local.database.metadata.username}",
        "DB_PASSWORD=${local.database.metadata.password}",
        "DB_DATABASE=${local.database.metadata.database}",
        "ADMIN_LOGINS=${local.gateway_authz}",
        "",
      ])
    })
    "pelicanservice-g3auto" = jsonencode({
      "config.json" = jsonencode({ manifest_bucket_name = local.buckets.manifest, hostname = local.commons_hostname })
    })
    "requestor-g3auto" = jsonencode({
      "config.yaml" = yamlencode({
        DB_HOST     = local.database.requestor.host
        DB_USER     = local.database.requestor.username
        DB_PASSWORD = local.database.requestor.password
        DB_DATABASE = local.database.requestor.database
      })
    })
    "sower-jobs-g3auto" = jsonencode({ "config.json" = jsonencode({}) })
    "wts-g3auto" = jsonencode({
      "appcreds.json" = jsonencode({
        wts_base_url   = "https://${local.commons_hostname}/wts/"
        fence_base_url = "https://${local.commons_hostname}/user"
        encryption_key = local.fernet_keys.wts_encryption
        secret_key     = local.fernet_keys.wts_secret
        external_oidc  = []
      })
    })
  }

  secret_ids = merge(
    { for service in var.database_services : "${service}-creds" => "${local.secret_prefix}-${service}-creds" },
    { for name in local.commons_secret_names : name => "${local.secret_prefix}-${name}" },
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

  secret                 = google_secret_manager_secret.commons["${each.key}-creds"].id
  secret_data_wo         = jsonencode(merge(local.database[each.key], { dbcreated = "true" }))
  secret_data_wo_version = 1

  depends_on = [google_sql_user.service, google_sql_database.service]
}

resource "google_secret_manager_secret_version" "generated" {
  for_each = toset(local.generated_secret_names)

  secret                 = google_secret_manager_secret.commons[each.key].id
  secret_data_wo         = local.generated_secret_values[each.key]
  secret_data_wo_version = 1
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
