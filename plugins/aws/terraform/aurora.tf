# Aurora PostgreSQL Serverless v2 in the private subnets, reachable only from the cluster's nodes,
# encrypted with the commons key. The master password is generated during apply, sent to RDS and to
# Secrets Manager through write-only arguments, and never stored in Terraform state.
locals {
  # uuid() draws 122 random bits from the operating system's CSPRNG; it is unknown during plan and
  # evaluated once during apply, so the cluster and the secret receive the same value.
  aurora_master_password = replace(uuid(), "-", "")
  aurora_master_username = "postgres"
}

resource "aws_db_subnet_group" "aurora" {
  name        = "${local.name}-aurora"
  description = "Aurora subnets of commons ${local.name}"
  subnet_ids  = local.private_subnet_ids
}

resource "aws_security_group" "aurora" {
  name        = "${local.name}-aurora"
  description = "Aurora PostgreSQL of commons ${local.name}: reachable from the EKS nodes only"
  vpc_id      = local.vpc_id

  tags = { Name = "${local.name}-aurora" }
}

resource "aws_vpc_security_group_ingress_rule" "aurora_from_nodes" {
  security_group_id            = aws_security_group.aurora.id
  description                  = "PostgreSQL from EKS nodes and pods"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_eks_cluster.main.vpc_config[0].cluster_security_group_id
}

resource "aws_rds_cluster" "main" {
  cluster_identifier = "${local.name}-aurora"
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  engine_version     = var.aurora_engine_version
  # Major-version extended support is billed per vCPU hour; upgrade instead.
  engine_lifecycle_support = "open-source-rds-extended-support-disabled"
  # The RDS Data API: the CSOC bootstrap step (secrets.tf, ADR 0027) creates the service databases and
  # roles through it, authenticated by the master secret's ARN, without a network path into the VPC.
  enable_http_endpoint = true

  # No database_name: Aurora creates the "postgres" database; Gen3's job creates one per service.
  master_username            = local.aurora_master_username
  master_password_wo         = local.aurora_master_password
  master_password_wo_version = 1

  db_subnet_group_name   = aws_db_subnet_group.aurora.name
  vpc_security_group_ids = [aws_security_group.aurora.id]

  storage_encrypted = true
  kms_key_id        = aws_kms_key.main.arn

  serverlessv2_scaling_configuration {
    min_capacity = var.aurora_min_capacity
    max_capacity = var.aurora_max_capacity
  }

  backup_retention_period         = var.aurora_backup_retention_days
  preferred_backup_window         = "07:00-08:00"
  copy_tags_to_snapshot           = true
  deletion_protection             = var.aurora_deletion_protection
  skip_final_snapshot             = var.aurora_skip_final_snapshot
  final_snapshot_identifier       = "${local.name}-aurora-final"
  enabled_cloudwatch_logs_exports = ["postgresql"]

  lifecycle {
    ignore_changes = [availability_zones]
  }
}

resource "aws_rds_cluster_instance" "main" {
  count = var.aurora_instance_count

  identifier         = "${local.name}-aurora-${count.index + 1}"
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = "db.serverless"
  engine             = aws_rds_cluster.main.engine
  engine_version     = aws_rds_cluster.main.engine_version

  publicly_accessible             = false
  auto_minor_version_upgrade      = true
  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.main.arn
  # Readers are spread over the other zones.
  availability_zone = local.create_vpc ? local.availability_zones[count.index] : null
}
