# The commons' buckets: data (uploads and indexed files), logs (access logs of the others, Gen3
# service logs), manifest (exported file manifests) and useryaml (the user.yaml usersync reads: access
# control kept apart from the bucket uploaders write to). Every bucket: KMS default encryption with the
# commons key, all public access blocked, ACLs disabled, versioning, TLS-only bucket policy.
locals {
  buckets = {
    data     = "${local.bucket_prefix}-data-bucket"
    logs     = "${local.bucket_prefix}-logs-bucket"
    manifest = "${local.bucket_prefix}-manifest-bucket"
    useryaml = "${local.bucket_prefix}-useryaml-bucket"
  }
}

resource "aws_s3_bucket" "main" {
  for_each = local.buckets

  bucket        = each.value
  force_destroy = var.bucket_force_destroy

  tags = { Name = each.value, "gen3.org/bucket" = each.key }
}

resource "aws_s3_bucket_public_access_block" "main" {
  for_each = local.buckets

  bucket                  = aws_s3_bucket.main[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "main" {
  for_each = local.buckets

  bucket = aws_s3_bucket.main[each.key].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "main" {
  for_each = local.buckets

  bucket = aws_s3_bucket.main[each.key].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.main.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "main" {
  for_each = local.buckets

  bucket = aws_s3_bucket.main[each.key].id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "main" {
  for_each = local.buckets

  bucket = aws_s3_bucket.main[each.key].id

  rule {
    id     = "expire-old-versions"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  dynamic "rule" {
    for_each = each.key == "logs" ? [1] : []
    content {
      id     = "expire-logs"
      status = "Enabled"
      filter {}
      expiration {
        days = 365
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.main]
}

data "aws_iam_policy_document" "bucket" {
  for_each = local.buckets

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.main[each.key].arn, "${aws_s3_bucket.main[each.key].arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  dynamic "statement" {
    for_each = each.key == "logs" ? [1] : []
    content {
      sid       = "S3ServerAccessLogs"
      actions   = ["s3:PutObject"]
      resources = ["${aws_s3_bucket.main["logs"].arn}/s3-access/*"]
      principals {
        type        = "Service"
        identifiers = ["logging.s3.amazonaws.com"]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
    }
  }
}

resource "aws_s3_bucket_policy" "main" {
  for_each = local.buckets

  bucket = aws_s3_bucket.main[each.key].id
  policy = data.aws_iam_policy_document.bucket[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.main]
}

resource "aws_s3_bucket_logging" "main" {
  for_each = { for k, v in local.buckets : k => v if k != "logs" }

  bucket        = aws_s3_bucket.main[each.key].id
  target_bucket = aws_s3_bucket.main["logs"].id
  target_prefix = "s3-access/${each.value}/"
}

# New objects in the data bucket are announced to ssjdispatcher, which starts indexing jobs.
resource "aws_s3_bucket_notification" "data" {
  bucket = aws_s3_bucket.main["data"].id

  queue {
    queue_arn = aws_sqs_queue.main["ssjdispatcher"].arn
    events    = ["s3:ObjectCreated:*"]
  }

  depends_on = [aws_sqs_queue_policy.main]
}
