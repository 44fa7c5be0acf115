# Gen3's queues, named "<environment>-<namespace>-<queue>" so two commons in one account never share
# one: audit (fence -> audit service) and ssjdispatcher (data bucket uploads -> indexing jobs). Each
# has a dead-letter queue; all are encrypted with the commons key and refuse plain HTTP. The key is
# named by its alias, known when planning, so the plan shows which key encrypts each queue (the key's
# ARN only exists after apply).
locals {
  queues = {
    audit         = "${local.name}-${var.namespace}-audit"
    ssjdispatcher = "${local.name}-${var.namespace}-ssjdispatcher"
  }
}

resource "aws_sqs_queue" "dead_letter" {
  for_each = local.queues

  name                              = "${each.value}-dlq"
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_alias.main.name
  kms_data_key_reuse_period_seconds = 3600
}

resource "aws_sqs_queue" "main" {
  for_each = local.queues

  name                              = each.value
  message_retention_seconds         = 1209600
  visibility_timeout_seconds        = 300
  kms_master_key_id                 = aws_kms_alias.main.name
  kms_data_key_reuse_period_seconds = 3600

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter[each.key].arn
    maxReceiveCount     = 5
  })
}

data "aws_iam_policy_document" "queue" {
  for_each = local.queues

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.main[each.key].arn]
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
    for_each = each.key == "ssjdispatcher" ? [1] : []
    content {
      sid       = "DataBucketUploads"
      actions   = ["sqs:SendMessage"]
      resources = [aws_sqs_queue.main[each.key].arn]
      principals {
        type        = "Service"
        identifiers = ["s3.amazonaws.com"]
      }
      condition {
        test     = "ArnEquals"
        variable = "aws:SourceArn"
        values   = [aws_s3_bucket.main["data"].arn]
      }
      condition {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [local.account_id]
      }
    }
  }
}

resource "aws_sqs_queue_policy" "main" {
  for_each = local.queues

  queue_url = aws_sqs_queue.main[each.key].id
  policy    = data.aws_iam_policy_document.queue[each.key].json
}
