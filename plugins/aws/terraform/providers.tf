# Provider configuration. Credentials: when assume_role_arn is set, the provider assumes that role in
# the customer's account (with the external id) using the base credentials from the environment;
# otherwise the environment's static keys (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) are used directly.
provider "aws" {
  region = var.region

  # Refuse to touch any other account than the one the commons was registered with.
  allowed_account_ids = var.account_id != null && !var.plan_offline ? [var.account_id] : null

  # plan_offline lets `terraform plan` run with no AWS API call at all (tests, air-gapped previews).
  # It must stay false for real plans: it turns off credential and region validation.
  skip_credentials_validation = var.plan_offline
  skip_requesting_account_id  = var.plan_offline
  skip_metadata_api_check     = var.plan_offline ? "true" : null
  skip_region_validation      = var.plan_offline
  max_retries                 = var.plan_offline ? 1 : null

  # The one optional call in the plan path: aws_opensearch_domain asks OpenSearch for compatible
  # engine versions (GetCompatibleVersions) and ignores a failure. Offline, send it to a reserved
  # name that never resolves (RFC 6761) so it fails at once and nothing leaves the machine.
  dynamic "endpoints" {
    for_each = var.plan_offline ? ["https://plan-offline.invalid"] : []
    content {
      opensearch = endpoints.value
    }
  }

  dynamic "assume_role" {
    for_each = var.assume_role_arn == null ? [] : [var.assume_role_arn]
    content {
      role_arn     = assume_role.value
      external_id  = var.assume_role_external_id
      session_name = "csoc-${var.environment}"
    }
  }

  default_tags {
    tags = local.tags
  }
}

data "aws_partition" "current" {}
