# Secrets Manager entries the Gen3 chart reads through External Secrets: the Aurora master
# credentials ("<environment>-aurora-master-password") and one credential per database service
# ("<environment>-<namespace>-<service>-creds", keys host, port, username, password, database,
# dbcreated). Values are written through write-only arguments: Terraform state never holds them.
# Gen3's database job creates the databases and users from these values on first start.
resource "aws_secretsmanager_secret" "aurora_master" {
  name                    = "${local.name}-aurora-master-password"
  description             = "Aurora master credentials of commons ${local.name}"
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

  name                    = "${local.name}-${var.namespace}-${each.value}-creds"
  description             = "Database credentials of Gen3 service ${each.value} in commons ${local.name}"
  kms_key_id              = aws_kms_key.main.arn
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "db_creds" {
  for_each = toset(var.database_services)

  secret_id = aws_secretsmanager_secret.db_creds[each.value].id
  secret_string_wo = jsonencode({
    host      = aws_rds_cluster.main.endpoint
    port      = tostring(aws_rds_cluster.main.port)
    username  = "${replace(each.value, "-", "_")}_${local.db_namespace}"
    password  = replace(uuid(), "-", "")
    database  = "${replace(each.value, "-", "_")}_${local.db_namespace}"
    dbcreated = "false"
  })
  secret_string_wo_version = 1
}
