# Spaces buckets (data, logs, manifests): private, versioned, encrypted at rest by DigitalOcean. The
# commons gets its own Spaces key limited to these buckets (digitalocean_spaces_key), so the operator's
# key in SPACES_ACCESS_KEY_ID never reaches the cluster.
locals {
  buckets = {
    data     = "${local.secret_prefix}-data"
    logs     = "${local.secret_prefix}-logs"
    manifest = "${local.secret_prefix}-manifest"
  }
}

resource "digitalocean_spaces_bucket" "main" {
  for_each      = local.buckets
  name          = each.value
  region        = var.region
  acl           = "private"
  force_destroy = var.bucket_force_destroy

  versioning {
    enabled = true
  }

  lifecycle_rule {
    enabled                                = true
    abort_incomplete_multipart_upload_days = 7

    noncurrent_version_expiration {
      days = 90
    }
  }

  dynamic "lifecycle_rule" {
    for_each = each.key == "logs" ? [var.log_retention_days] : []
    content {
      enabled = true
      prefix  = ""

      expiration {
        days = lifecycle_rule.value
      }
    }
  }
}

resource "digitalocean_spaces_key" "commons" {
  name = "${local.secret_prefix}-gen3"

  dynamic "grant" {
    for_each = digitalocean_spaces_bucket.main
    content {
      bucket     = grant.value.name
      permission = "readwrite"
    }
  }
}
