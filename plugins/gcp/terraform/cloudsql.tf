# Cloud SQL for PostgreSQL with a private IP only (no public address), TLS required, SCRAM password hashes,
# automated backups with point-in-time recovery. Per Gen3 service: a database and a user whose password is
# generated during apply and sent only through write-only arguments (never in the plan or the state).
# The extensions Gen3's services create (pg_trgm, btree_gist, uuid-ossp, ...) are all supported by Cloud SQL
# without an allow-list.
locals {
  db_passwords = { for service in var.database_services : service => replace(uuid(), "-", "") }
  databases = {
    for service in var.database_services : service => {
      username = "${replace(service, "-", "_")}_${local.db_namespace}"
      database = "${replace(service, "-", "_")}_${local.db_namespace}"
    }
  }
}

resource "google_sql_database_instance" "main" {
  name                = "${local.name}-postgres"
  project             = var.project_id
  region              = var.region
  database_version    = var.postgres_version
  deletion_protection = var.deletion_protection

  settings {
    tier                        = local.postgres_tier
    edition                     = "ENTERPRISE"
    availability_type           = local.postgres_ha ? "REGIONAL" : "ZONAL"
    disk_type                   = "PD_SSD"
    disk_size                   = local.tier.postgres_disk_gb
    disk_autoresize             = true
    deletion_protection_enabled = var.deletion_protection
    user_labels                 = local.labels

    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.main.id
      ssl_mode        = "ENCRYPTED_ONLY"
    }

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      start_time                     = "03:00"
      transaction_log_retention_days = 7
    }

    maintenance_window {
      day          = 7
      hour         = 4
      update_track = "stable"
    }

    insights_config {
      query_insights_enabled = true
    }

    database_flags {
      name  = "password_encryption"
      value = "scram-sha-256"
    }
  }

  depends_on = [google_service_networking_connection.private_services]
}

resource "google_sql_database" "service" {
  for_each = local.databases

  name     = each.value.database
  project  = var.project_id
  instance = google_sql_database_instance.main.name
}

resource "google_sql_user" "service" {
  for_each = local.databases

  name     = each.value.username
  project  = var.project_id
  instance = google_sql_database_instance.main.name

  password_wo         = local.db_passwords[each.key]
  password_wo_version = 1

  # A PostgreSQL role that owns tables cannot be dropped; leave it with the instance instead of failing.
  deletion_policy = "ABANDON"
}
