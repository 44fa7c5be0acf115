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

# TLS only (rds.force_ssl) and SCRAM-SHA-256 password hashes for every role created or whose password
# is set (password_encryption): the two settings a PostgreSQL security review checks first. Both are
# dynamic parameters, applied without a reboot. The family follows the major version; a new major
# version gets a new group before the old one is deleted.
resource "aws_rds_cluster_parameter_group" "main" {
  name_prefix = "${local.name}-aurora-pg${split(".", var.aurora_engine_version)[0]}-"
  family      = "aurora-postgresql${split(".", var.aurora_engine_version)[0]}"
  description = "Aurora PostgreSQL of commons ${local.name}: TLS only, SCRAM passwords"

  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "immediate"
  }

  parameter {
    name         = "password_encryption"
    value        = "scram-sha-256"
    apply_method = "immediate"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_rds_cluster" "main" {
  cluster_identifier = "${local.name}-aurora"
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  engine_version     = var.aurora_engine_version
  # Minor versions move forward on their own (auto_minor_version_upgrade on the instances); a major
  # upgrade is an operator's decision with a snapshot first, never a side effect of an apply.
  allow_major_version_upgrade = false
  # Major-version extended support is billed per vCPU hour; upgrade instead.
  engine_lifecycle_support = "open-source-rds-extended-support-disabled"
  # The RDS Data API: the CSOC bootstrap step (secrets.tf, ADR 0027) creates the service databases and
  # roles through it, authenticated by the master secret's ARN, without a network path into the VPC.
  enable_http_endpoint = true

  # No database_name: Aurora creates the "postgres" database; Gen3's job creates one per service.
  master_username            = local.aurora_master_username
  master_password_wo         = local.aurora_master_password
  master_password_wo_version = 1

  db_subnet_group_name            = aws_db_subnet_group.aurora.name
  vpc_security_group_ids          = [aws_security_group.aurora.id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.main.name

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
    # engine_version is where a commons starts: after AWS applies a minor upgrade (16.6 -> 16.8) the
    # plan must not try to go back, which RDS refuses ("cannot downgrade") and which would stop every
    # later apply. Upgrades are done with `aws rds modify-db-cluster` (docs/adr/0025).
    ignore_changes = [availability_zones, engine_version]
  }
}

resource "aws_rds_cluster_instance" "main" {
  count = var.aurora_instance_count

  identifier         = "${local.name}-aurora-${count.index + 1}"
  cluster_identifier = aws_rds_cluster.main.id
  instance_class     = "db.serverless"
  engine             = aws_rds_cluster.main.engine
  # No engine_version: an Aurora instance runs its cluster's version, whatever upgrades brought it to.

  publicly_accessible             = false
  auto_minor_version_upgrade      = true
  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.main.arn
  # Readers are spread over the other zones.
  availability_zone = local.create_vpc ? local.availability_zones[count.index] : null
}
