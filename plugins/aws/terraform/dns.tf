# When a Route53 hosted zone is given: an ACM certificate for the hostname, validated through a DNS
# record in that zone, and (once the ingress has created the load balancer and its DNS name is an
# input) a CNAME from the hostname to the load balancer.
locals {
  manage_dns = var.route53_zone_id != null
}

resource "aws_acm_certificate" "main" {
  count = local.manage_dns ? 1 : 0

  domain_name       = var.hostname
  validation_method = "DNS"

  tags = { Name = var.hostname }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "certificate_validation" {
  count = local.manage_dns ? 1 : 0

  zone_id         = var.route53_zone_id
  name            = tolist(aws_acm_certificate.main[0].domain_validation_options)[0].resource_record_name
  type            = tolist(aws_acm_certificate.main[0].domain_validation_options)[0].resource_record_type
  records         = [tolist(aws_acm_certificate.main[0].domain_validation_options)[0].resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "main" {
  count = local.manage_dns ? 1 : 0

  certificate_arn         = aws_acm_certificate.main[0].arn
  validation_record_fqdns = [aws_route53_record.certificate_validation[0].fqdn]
}

resource "aws_route53_record" "hostname" {
  count = local.manage_dns && var.load_balancer_dns_name != null ? 1 : 0

  zone_id = var.route53_zone_id
  name    = var.hostname
  type    = "CNAME"
  ttl     = 300
  records = [var.load_balancer_dns_name]
}
