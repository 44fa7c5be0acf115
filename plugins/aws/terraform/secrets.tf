# Secrets Manager entries the Gen3 chart reads through External Secrets, named
# "<environment>-<namespace>-<name>" (the prefix the External Secrets role may read). commons-secrets.json
# lists every entry, its properties and its creator (docs/adr/0027-commons-secrets-and-databases.md):
# - "terraform": the value is generated during apply (uuid(): 122 bits from the OS CSPRNG, unknown while
#   planning) and sent only through write-only arguments, so neither the plan nor the state holds it;
# - "bootstrap": Terraform creates the empty entry, the CSOC bootstrap step writes the value once
#   (fence's RSA signing key: no provider available to this module generates one);
# - "operator": Terraform creates the empty entry, the operator writes what only they know.
# The Aurora master credentials stay under "<environment>-aurora-master-password": outside that prefix, so
# they are never synced into the commons namespace; only the bootstrap step reads them (RDS Data API).
# A value is written once (version 1): bump secret_string_wo_version to rotate, which regenerates every
# value of the apply, so rotate the entries that embed each other's values together (fence-config,
# indexd-service-creds, the *-g3auto entries and the database credentials).
locals {
  commons_secrets_catalog = jsondecode(file("${path.module}/commons-secrets.json"))
  secret_prefix           = "${local.name}-${var.namespace}"
  commons_hostname        = coalesce(var.hostname, "${local.name}.invalid")

  # Every Gen3 service that may use PostgreSQL gets a generated password, enabled or not, so the
  # composite secrets below (fence-config, metadata-g3auto ...) always have the value they embed.
  known_database_services = ["arborist", "argo-wrapper", "audit", "cohort-middleware", "fence", "gen3-user-data-library", "gen3-workflow", "indexd", "metadata", "peregrine", "requestor", "sheepdog", "wts"]
  database = {
    for service in local.known_database_services : service => {
      host     = aws_rds_cluster.main.endpoint
      port     = tostring(aws_rds_cluster.main.port)
      username = "${replace(service, "-", "_")}_${local.db_namespace}"
      database = "${replace(service, "-", "_")}_${local.db_namespace}"
      password = replace(uuid(), "-", "")
    }
  }
  # indexd basic-auth users of the other services (indexd's pre-install job creates them).
  indexd_passwords = { for user in ["fence", "gateway", "sheepdog", "ssj"] : user => replace(uuid(), "-", "") }
  # Fernet keys: URL-safe base64 of 32 random bytes (32 hex digits of a uuid).
  fernet_keys = {
    for purpose in ["fence_encryption", "fence_hmac", "wts_encryption", "wts_secret"] :
    purpose => replace(replace(base64encode(replace(uuid(), "-", "")), "+", "-"), "/", "_")
  }
  gateway_authz = "gateway:${local.indexd_passwords.gateway}"

  secret_values = {
    "audit-g3auto" = {
      "audit-service-config.yaml" = yamlencode({
        DB_HOST         = local.database.audit.host
        DB_PORT         = local.database.audit.port
        DB_USER         = local.database.audit.username
        DB_PASSWORD     = local.database.audit.password
        DB_DATABASE     = local.database.audit.database
        PULL_FROM_QUEUE = true
        QUEUE_CONFIG = {
          type           = "aws_sqs"
          aws_sqs_config = { sqs_url = aws_sqs_queue.main["audit"].url, region = var.region }
        }
      })
    }
    "fence-config" = {
      # No OPENID_CONNECT here: the renderer's ExternalSecret appends the login providers' client secrets.
      "fence-config.yaml" = yamlencode({
        DB                  = "postgresql://${local.database.fence.username}:${local.database.fence.password}@${local.database.fence.host}:${local.database.fence.port}/${local.database.fence.database}"
        ENCRYPTION_KEY      = local.fernet_keys.fence_encryption
        HMAC_ENCRYPTION_KEY = local.fernet_keys.fence_hmac
        INDEXD_USERNAME     = "fence"
        INDEXD_PASSWORD     = local.indexd_passwords.fence
      })
    }
    # Google credentials: empty on AWS (fence's Google features stay off), present because fence mounts them.
    "fence-google-app-creds-secret"     = { "fence_google_app_creds_secret.json" = "{}" }
    "fence-google-storage-creds-secret" = { "fence_google_storage_creds_secret.json" = "{}" }
    "gen3userdatalibrary-g3auto" = {
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
    }
    "indexd-service-creds" = local.indexd_passwords
    "manifestservice-g3auto" = {
      "config.json" = jsonencode({ manifest_bucket_name = local.buckets.manifest, hostname = local.commons_hostname, prefix = local.commons_hostname })
    }
    "metadata-g3auto" = {
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
    }
    "pelicanservice-g3auto" = {
      # No access keys: the sower jobs use their service account's role.
      "config.json" = jsonencode({ manifest_bucket_name = local.buckets.manifest, hostname = local.commons_hostname })
    }
    "requestor-g3auto" = {
      "config.yaml" = yamlencode({
        DB_HOST     = local.database.requestor.host
        DB_USER     = local.database.requestor.username
        DB_PASSWORD = local.database.requestor.password
        DB_DATABASE = local.database.requestor.database
      })
    }
    "sower-jobs-g3auto" = { "config.json" = jsonencode({}) }
    "ssjdispatcher-creds" = {
      "credentials.json" = jsonencode({
        SQS = { url = aws_sqs_queue.main["ssjdispatcher"].url }
        JOBS = [{
          name    = "indexing"
          pattern = "s3://${local.buckets.data}/*"
          imageConfig = {
            url             = "http://indexd-service/index"
            username        = "ssj"
            password        = local.indexd_passwords.ssj
            metadataService = { url = "http://revproxy-service/mds", username = "gateway", password = local.indexd_passwords.gateway }
          }
          RequestCPU = "500m"
          RequestMem = "0.5Gi"
        }]
      })
    }
    "wts-g3auto" = {
      "appcreds.json" = jsonencode({
        wts_base_url   = "https://${local.commons_hostname}/wts/"
        fence_base_url = "https://${local.commons_hostname}/user"
        encryption_key = local.fernet_keys.wts_encryption
        secret_key     = local.fernet_keys.wts_secret
        external_oidc  = []
      })
    }
  }

  terraform_secrets = { for name, entry in local.commons_secrets_catalog.secrets : name => entry if entry.creator == "terraform" }
}

resource "aws_secretsmanager_secret" "aurora_master" {
  name                    = "${local.name}-aurora-master-password"
  description             = "Aurora master credentials of commons ${local.name} (read by the CSOC bootstrap only)"
  kms_key_id              = aws_kms_key.main.arn
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "aurora_master" {
  secret_id = aws_secretsmanager_secret.aurora_master.id
  secret_string_wo = jsonencode({
    host     = aws_rds_cluster.main.endpoint
    port     = tostring(aws_rds_cluster.main.port)
    username = local.aurora_master_username
    password = local.aurora_master_password
    database = "postgres"
  })
  # Bump to rewrite the value (e.g. after a manual password rotation).
  secret_string_wo_version = 1
}

resource "aws_secretsmanager_secret" "db_creds" {
  for_each = toset(var.database_services)

  name                    = "${local.secret_prefix}-${each.value}-creds"
  description             = "Database credentials of Gen3 service ${each.value} in commons ${local.name}"
  kms_key_id              = aws_kms_key.main.arn
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = { "csoc:properties" = join(" ", local.commons_secrets_catalog.databaseCredentialProperties), "csoc:creator" = "terraform" }
}

resource "aws_secretsmanager_secret_version" "db_creds" {
  for_each = toset(var.database_services)

  secret_id = aws_secretsmanager_secret.db_creds[each.value].id
  # The CSOC bootstrap creates this database and role before the first deploy, so services may start at
  # once; dbcreated only feeds their DBREADY variable.
  secret_string_wo         = jsonencode(merge(local.database[each.value], { dbcreated = "true" }))
  secret_string_wo_version = 1
}

resource "aws_secretsmanager_secret" "commons" {
  for_each = local.commons_secrets_catalog.secrets

  name                    = "${local.secret_prefix}-${each.key}"
  description             = "Gen3 ${each.key} of commons ${local.name} (value written by ${each.value.creator})"
  kms_key_id              = aws_kms_key.main.arn
  recovery_window_in_days = var.secret_recovery_window_days
  # Names only: which properties the value has (space-separated: AWS tag values allow no comma) and who
  # writes it, for review and the contract tests.
  tags = { "csoc:properties" = join(" ", each.value.properties), "csoc:creator" = each.value.creator }
}

resource "aws_secretsmanager_secret_version" "commons" {
  for_each = local.terraform_secrets

  secret_id                = aws_secretsmanager_secret.commons[each.key].id
  secret_string_wo         = jsonencode(local.secret_values[each.key])
  secret_string_wo_version = 1

  lifecycle {
    precondition {
      condition     = sort(keys(local.secret_values[each.key])) == sort(each.value.properties)
      error_message = "The value of ${each.key} must have exactly the properties commons-secrets.json declares."
    }
  }
}

# The bootstrap step (ADR 0027) at the end of apply: the plugin's entry point called back with the
# `bootstrap` verb (CSOC_AWS_BOOTSTRAP_COMMAND, set by plugins/aws/src/main.ts). It creates each database
# service's role and database through the RDS Data API and writes fence's signing key once. Only names and
# ARNs are passed; it reads the values from Secrets Manager itself. Runs again when the cluster, the
# database services or a credential version changes. Not planned offline (no apply happens then).
resource "terraform_data" "bootstrap" {
  count = var.plan_offline ? 0 : 1

  triggers_replace = {
    cluster           = aws_rds_cluster.main.arn
    database_services = join(",", sort(var.database_services))
    versions          = join(",", [for service in sort(var.database_services) : aws_secretsmanager_secret_version.db_creds[service].secret_string_wo_version])
  }

  depends_on = [
    aws_rds_cluster_instance.main,
    aws_secretsmanager_secret_version.aurora_master,
    aws_secretsmanager_secret_version.db_creds,
    aws_secretsmanager_secret.commons,
  ]

  provisioner "local-exec" {
    command = "eval \"$${CSOC_AWS_BOOTSTRAP_COMMAND:?is set by the CSOC aws plugin: run this module through the plugin}\""
    environment = {
      CSOC_BOOTSTRAP_REGION            = var.region
      CSOC_BOOTSTRAP_CLUSTER_ARN       = aws_rds_cluster.main.arn
      CSOC_BOOTSTRAP_MASTER_SECRET_ARN = aws_secretsmanager_secret.aurora_master.arn
      CSOC_BOOTSTRAP_SECRET_PREFIX     = "${local.secret_prefix}-"
      CSOC_BOOTSTRAP_DATABASE_SERVICES = join(",", sort(var.database_services))
      CSOC_BOOTSTRAP_ROLE_ARN          = var.assume_role_arn == null ? "" : var.assume_role_arn
    }
  }
}
