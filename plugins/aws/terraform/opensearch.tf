# The search domain Gen3 calls "<environment>-gen3-metadata": VPC-only, HTTPS only (TLS 1.2+),
# encrypted at rest with the commons key and between nodes, reachable from the EKS nodes only and
# usable only by the aws-es-proxy role.
resource "aws_security_group" "opensearch" {
  name        = "${local.name}-opensearch"
  description = "OpenSearch of commons ${local.name}: HTTPS from the EKS nodes only"
  vpc_id      = local.vpc_id

  tags = { Name = "${local.name}-opensearch" }
}

resource "aws_vpc_security_group_ingress_rule" "opensearch_from_nodes" {
  security_group_id            = aws_security_group.opensearch.id
  description                  = "HTTPS from EKS nodes and pods"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_eks_cluster.main.vpc_config[0].cluster_security_group_id
}

resource "aws_iam_service_linked_role" "opensearch" {
  count            = var.create_opensearch_service_linked_role ? 1 : 0
  aws_service_name = "opensearchservice.amazonaws.com"
}

locals {
  # 1 node: one zone; an even count: two zones; a multiple of three: three zones.
  opensearch_zone_count = var.opensearch_instance_count == 1 ? 1 : (var.opensearch_instance_count % 3 == 0 ? 3 : 2)
}

resource "aws_opensearch_domain" "main" {
  domain_name    = "${local.name}-gen3-metadata"
  engine_version = var.opensearch_engine_version

  # OpenSearch answers Gen3's Elasticsearch 7 clients (tube's ETL, Guppy) only in compatibility mode,
  # where it reports version 7.10.2; without it they refuse the server (docs/adr/0026).
  advanced_options = startswith(var.opensearch_engine_version, "OpenSearch_") ? {
    "override_main_response_version" = "true"
  } : null

  cluster_config {
    instance_type          = var.opensearch_instance_type
    instance_count         = var.opensearch_instance_count
    zone_awareness_enabled = local.opensearch_zone_count > 1

    dynamic "zone_awareness_config" {
      for_each = local.opensearch_zone_count > 1 ? [local.opensearch_zone_count] : []
      content {
        availability_zone_count = zone_awareness_config.value
      }
    }
  }

  ebs_options {
    ebs_enabled = true
    volume_type = "gp3"
    volume_size = var.opensearch_volume_size_gib
  }

  vpc_options {
    subnet_ids         = slice(local.private_subnet_ids, 0, local.opensearch_zone_count)
    security_group_ids = [aws_security_group.opensearch.id]
  }

  encrypt_at_rest {
    enabled    = true
    kms_key_id = aws_kms_key.main.arn
  }

  node_to_node_encryption {
    enabled = true
  }

  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }

  lifecycle {
    # Compatibility mode is set when the domain is created. UpdateDomainConfig refuses
    # override_main_response_version ("Unrecognized advanced option"), so an apply must never send the
    # advanced options again; an Elasticsearch -> OpenSearch upgrade sets it in the upgrade itself.
    ignore_changes = [advanced_options]
  }

  depends_on = [aws_iam_service_linked_role.opensearch]
}

data "aws_iam_policy_document" "opensearch_access" {
  statement {
    sid       = "AwsEsProxyOnly"
    actions   = ["es:ESHttp*"]
    resources = ["${aws_opensearch_domain.main.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.irsa["aws_es_proxy"].arn]
    }
  }
}

resource "aws_opensearch_domain_policy" "main" {
  domain_name     = aws_opensearch_domain.main.domain_name
  access_policies = data.aws_iam_policy_document.opensearch_access.json
}
