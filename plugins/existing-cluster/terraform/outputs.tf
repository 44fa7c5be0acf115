# The hand-off to the Gen3 values renderer (mapped by src/toGen3RenderOutputs.ts onto KubernetesOutputs).
# Names and addresses only: no output holds a secret.

output "cluster_name" {
  value = terraform_data.cluster.output.name
}

output "api_server" {
  value = terraform_data.cluster.output.api_server
}

output "namespace" {
  value = terraform_data.namespace.output.name
}

output "secrets_namespace" {
  value = terraform_data.namespace.output.secrets_namespace
}

output "postgres_host" {
  value = terraform_data.database.output.host
}

output "postgres_port" {
  value = terraform_data.database.output.port
}

output "postgres_admin_user" {
  value = terraform_data.database.output.admin_user
}

output "postgres_admin_password_secret" {
  value       = var.postgres.admin_password_secret
  description = "Where the admin password is (a Secret name and key in secrets_namespace), not the password."
}

output "search_endpoint" {
  value = terraform_data.search.output.endpoint
}

output "ingress_class_name" {
  value = terraform_data.ingress.output.class_name
}

output "cluster_issuer" {
  value = terraform_data.ingress.output.cluster_issuer
}

output "buckets" {
  value = var.buckets == null ? null : terraform_data.buckets[0].output
}
