# One customer-managed KMS key per commons: buckets, Aurora, OpenSearch, secrets, queues, Kubernetes
# secrets (envelope encryption) and log groups. Rotated yearly by AWS.
resource "aws_kms_key" "main" {
  description             = "CSOC commons ${local.name}: buckets, database, search, secrets, queues, logs"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  tags = { Name = "${local.name}-gen3" }
}

resource "aws_kms_alias" "main" {
  name          = "alias/${local.name}-gen3"
  target_key_id = aws_kms_key.main.key_id
}

# The account root keeps full control (so IAM policies grant use of the key); AWS services that
# write with the key on their own behalf get exactly what they need.
data "aws_iam_policy_document" "kms" {
  statement {
    sid       = "AccountAdministers"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${local.partition}:iam::${local.account_id}:root"]
    }
  }

  statement {
    sid       = "CloudWatchLogsOfThisCommons"
    actions   = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["logs.${var.region}.${local.dns_suffix}"]
    }
    condition {
      test     = "ArnLike"
      variable = "kms:EncryptionContext:aws:logs:arn"
      values = [
        "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:/aws/eks/${local.name}/*",
        "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:/aws/vpc/${local.name}/*",
        "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:aws-waf-logs-${local.name}*",
      ]
    }
  }

  statement {
    sid       = "S3WritesEncryptedNotificationsAndAccessLogs"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com", "logging.s3.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_kms_key_policy" "main" {
  key_id = aws_kms_key.main.key_id
  policy = data.aws_iam_policy_document.kms.json
}
