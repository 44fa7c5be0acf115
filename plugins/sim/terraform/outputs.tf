# Outputs shaped like an AWS commons (the hand-off to Gen3 values); simulated = true marks them as fake.

output "simulated" {
  value = true
}

output "region" {
  value = var.region
}

output "cluster_name" {
  value = terraform_data.cluster.output.name
}

output "cluster_endpoint" {
  value = terraform_data.cluster.output.endpoint
}

output "cluster_ca" {
  value = terraform_data.cluster.output.ca
}

output "oidc_provider_arn" {
  value = terraform_data.oidc_provider.output.arn
}

output "vpc_id" {
  value = terraform_data.vpc.output.id
}

output "database_host" {
  value = terraform_data.database.output.host
}

output "database_port" {
  value = terraform_data.database.output.port
}

output "search_endpoint" {
  value = var.search_enabled ? terraform_data.search[0].output.endpoint : null
}

output "data_bucket" {
  value = terraform_data.bucket["data"].output.name
}

output "logs_bucket" {
  value = terraform_data.bucket["logs"].output.name
}

output "manifest_bucket" {
  value = terraform_data.bucket["manifest"].output.name
}

output "buckets" {
  value = { for key, bucket in terraform_data.bucket : key => bucket.output.name }
}

output "secrets_prefix" {
  value = "${var.name}-"
}

output "namespace" {
  description = "The namespace the roles trust and the secrets are named for (<name>-<namespace>-)."
  value       = local.namespace
}

output "secret_manager_keys" {
  description = "Names in the simulated secret manager: what the simulated Argo CD checks every ExternalSecret against."
  value       = sort([for secret in terraform_data.secret : secret.output.name])
}

output "role_arns" {
  description = "The roles the simulation created, by key: what the simulated Argo CD checks service-account roles against."
  value       = { for key, role in terraform_data.role : key => role.output.arn }
}
