# The declared facts of the existing cluster, one terraform_data per concern, so a plan names what changed.

resource "terraform_data" "cluster" {
  input = {
    name       = var.cluster_name
    api_server = var.api_server
  }
}

resource "terraform_data" "namespace" {
  input = {
    name              = var.namespace
    secrets_namespace = var.secrets_namespace
    access_identity   = var.access_check.identity
    permissions_held  = var.access_check.permissions
  }
}

resource "terraform_data" "database" {
  input = {
    host                  = var.postgres.host
    port                  = var.postgres.port
    admin_user            = var.postgres.admin_user
    admin_password_secret = "${var.secrets_namespace}/${var.postgres.admin_password_secret.name}[${var.postgres.admin_password_secret.key}]"
  }
}

resource "terraform_data" "search" {
  input = {
    endpoint = var.search_endpoint
  }
}

resource "terraform_data" "ingress" {
  input = {
    class_name     = var.ingress_class_name
    cluster_issuer = var.cluster_issuer
  }
}

resource "terraform_data" "buckets" {
  count = var.buckets == null ? 0 : 1
  input = var.buckets
}
