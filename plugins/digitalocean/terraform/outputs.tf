# Outputs of the DigitalOcean plugin: names, hosts and URLs only, no secret values (those reach the cluster
# through secrets.tf). src/toGen3RenderOutputs.ts maps them onto the renderer's DigitalOceanOutputs.

output "environment" {
  description = "Prefix of every resource; the cluster name."
  value       = local.name
}

output "namespace" {
  description = "Kubernetes namespace of the Gen3 chart."
  value       = var.namespace
}

output "region" {
  description = "DigitalOcean region."
  value       = var.region
}

output "size_tier" {
  description = "small, medium or large."
  value       = var.size_tier
}

output "vpc_id" {
  description = "The commons VPC."
  value       = digitalocean_vpc.main.id
}

output "cluster_id" {
  description = "DOKS cluster id (doctl kubernetes cluster kubeconfig save <id>)."
  value       = digitalocean_kubernetes_cluster.main.id
}

output "cluster_name" {
  description = "DOKS cluster name (global.clusterName)."
  value       = digitalocean_kubernetes_cluster.main.name
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint."
  value       = digitalocean_kubernetes_cluster.main.endpoint
}

output "kubernetes_version" {
  description = "The DOKS version the cluster runs."
  value       = digitalocean_kubernetes_cluster.main.version
}

output "postgres_cluster_id" {
  description = "Managed PostgreSQL cluster id."
  value       = digitalocean_database_cluster.main.id
}

output "postgres_host" {
  description = "Private host of the managed PostgreSQL cluster (global.postgres.master.host)."
  value       = digitalocean_database_cluster.main.private_host
}

output "postgres_port" {
  description = "PostgreSQL port."
  value       = digitalocean_database_cluster.main.port
}

output "database_names" {
  description = "Database (and user) name per Gen3 service."
  value       = local.database_names
}

output "data_bucket_name" {
  description = "Spaces bucket for data files."
  value       = digitalocean_spaces_bucket.main["data"].name
}

output "logs_bucket_name" {
  description = "Spaces bucket for logs."
  value       = digitalocean_spaces_bucket.main["logs"].name
}

output "manifest_bucket_name" {
  description = "Spaces bucket for manifests."
  value       = digitalocean_spaces_bucket.main["manifest"].name
}

output "spaces_endpoint" {
  description = "S3-compatible endpoint of the region's Spaces."
  value       = "https://${var.region}.digitaloceanspaces.com"
}

output "secrets_namespace" {
  description = "Namespace of the Kubernetes Secrets External Secrets reads (its kubernetes provider)."
  value       = var.secrets_namespace
}

output "cluster_secret_names" {
  description = "The Kubernetes Secrets the plugin writes into secrets_namespace (names only)."
  value       = sort(keys(local.cluster_secrets))
}

output "search_endpoint" {
  description = "Elasticsearch 7 URL, plain HTTP inside the cluster."
  value       = local.search_endpoint
}

output "ingress_class_name" {
  description = "IngressClass of the commons ingress."
  value       = var.ingress_class_name
}

output "cluster_issuer" {
  description = "cert-manager ClusterIssuer; null when none."
  value       = var.cluster_issuer
}
