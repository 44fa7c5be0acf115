# Optional WAFv2 web ACL for the commons' load balancer (the ingress attaches it through the
# waf_acl_arn output): AWS IP reputation list, common rule set, known bad inputs, per-IP rate limit.
# The managed groups count by default (waf_managed_rules_action): their false positives on Gen3
# traffic (GraphQL bodies, signed URLs, long tokens) would break clients, so an operator switches them
# to block after reading the WAF logs. The common rule set's 8 KB body limit is always only counted:
# Gen3 GraphQL queries and uploads exceed it. The rate limit applies to the login and token paths
# only: a researcher's bulk download (thousands of presigned-URL requests) is never blocked.
locals {
  waf_managed_rule_groups = [
    { name = "AWSManagedRulesAmazonIpReputationList", count_rules = [] },
    { name = "AWSManagedRulesCommonRuleSet", count_rules = ["SizeRestrictions_BODY"] },
    { name = "AWSManagedRulesKnownBadInputsRuleSet", count_rules = [] },
  ]
}

resource "aws_wafv2_web_acl" "main" {
  count = var.waf_enabled ? 1 : 0

  name        = "${local.name}-gen3"
  description = "Commons ${local.name}"
  scope       = "REGIONAL"

  default_action {
    allow {}
  }

  dynamic "rule" {
    for_each = local.waf_managed_rule_groups
    content {
      name     = rule.value.name
      priority = rule.key

      # none {}: the group's own actions (block); count {}: every match is only counted and logged.
      override_action {
        dynamic "none" {
          for_each = var.waf_managed_rules_action == "block" ? [1] : []
          content {}
        }
        dynamic "count" {
          for_each = var.waf_managed_rules_action == "count" ? [1] : []
          content {}
        }
      }

      statement {
        managed_rule_group_statement {
          vendor_name = "AWS"
          name        = rule.value.name

          dynamic "rule_action_override" {
            for_each = rule.value.count_rules
            content {
              name = rule_action_override.value
              action_to_use {
                count {}
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.name}-${rule.value.name}"
        sampled_requests_enabled   = true
      }
    }
  }

  rule {
    name     = "RateLimitLoginPerIp"
    priority = length(local.waf_managed_rule_groups)

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.waf_rate_limit
        aggregate_key_type = "IP"

        # Only requests to the login and token paths are counted against the limit.
        scope_down_statement {
          regex_match_statement {
            regex_string = "^(${join("|", var.waf_rate_limited_paths)})"
            field_to_match {
              uri_path {}
            }
            # Decoded and normalised first, so //user/./login or %2Fuser%2Flogin cannot slip past.
            text_transformation {
              priority = 0
              type     = "URL_DECODE"
            }
            text_transformation {
              priority = 1
              type     = "NORMALIZE_PATH"
            }
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name}-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${local.name}-gen3"
    sampled_requests_enabled   = true
  }
}

# WAF log groups must be named aws-waf-logs-*.
resource "aws_cloudwatch_log_group" "waf" {
  count = var.waf_enabled ? 1 : 0

  name              = "aws-waf-logs-${local.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn

  depends_on = [aws_kms_key_policy.main]
}

resource "aws_wafv2_web_acl_logging_configuration" "main" {
  count = var.waf_enabled ? 1 : 0

  resource_arn            = aws_wafv2_web_acl.main[0].arn
  log_destination_configs = [aws_cloudwatch_log_group.waf[0].arn]

  redacted_fields {
    single_header {
      name = "authorization"
    }
  }
  redacted_fields {
    single_header {
      name = "cookie"
    }
  }
}
