# Cloud Armor: a security policy for the commons' external HTTP(S) load balancer (the GKE Ingress of
# revproxy attaches it through a BackendConfig naming it). Preconfigured OWASP rules for SQL injection and
# cross-site scripting, a per-client-IP rate limit, everything else allowed.
resource "google_compute_security_policy" "main" {
  count = var.cloud_armor_enabled ? 1 : 0

  name        = "${local.name}-gen3"
  project     = var.project_id
  description = "Gen3 commons ${local.name}: OWASP rules and a per-IP rate limit"
  type        = "CLOUD_ARMOR"

  rule {
    action      = "deny(403)"
    priority    = 1000
    description = "SQL injection (OWASP CRS 3.3)"
    match {
      expr {
        expression = "evaluatePreconfiguredWaf('sqli-v33-stable', {'sensitivity': 1})"
      }
    }
  }

  rule {
    action      = "deny(403)"
    priority    = 1001
    description = "Cross-site scripting (OWASP CRS 3.3)"
    match {
      expr {
        expression = "evaluatePreconfiguredWaf('xss-v33-stable', {'sensitivity': 1})"
      }
    }
  }

  rule {
    action      = "throttle"
    priority    = 2000
    description = "At most ${var.cloud_armor_rate_limit_per_minute} requests per minute per client IP"
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
    rate_limit_options {
      conform_action = "allow"
      exceed_action  = "deny(429)"
      enforce_on_key = "IP"
      rate_limit_threshold {
        count        = var.cloud_armor_rate_limit_per_minute
        interval_sec = 60
      }
    }
  }

  rule {
    action      = "allow"
    priority    = 2147483647
    description = "Default: allow"
    match {
      versioned_expr = "SRC_IPS_V1"
      config {
        src_ip_ranges = ["*"]
      }
    }
  }

  depends_on = [google_project_service.enabled]
}
