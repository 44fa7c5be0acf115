# Outputs: the hand-off to CSOC (src/toGen3RenderOutputs.ts maps them onto the renderer's GcpOutputs).
# Names, addresses and emails only: no output holds a secret value.
output "project_id" {
  value = var.project_id
}

output "region" {
  value = var.region
}

output "environment" {
  value = var.environment
}

output "namespace" {
  value = var.namespace
}

output "network_name" {
  value = google_compute_network.main.name
}

output "subnetwork_name" {
  value = google_compute_subnetwork.nodes.name
}

output "cluster_name" {
  value = google_container_cluster.main.name
}

output "cluster_location" {
  value = google_container_cluster.main.location
}

output "cluster_endpoint" {
  description = "Kubernetes API URL (the Argo CD destination)"
  value       = "https://${google_container_cluster.main.endpoint}"
}

output "cluster_ca_certificate" {
  description = "Base64 PEM of the cluster CA (public)"
  value       = google_container_cluster.main.master_auth[0].cluster_ca_certificate
}

output "workload_identity_pool" {
  value = local.workload_pool
}

output "kms_key_id" {
  value = google_kms_crypto_key.main.id
}

output "postgres_instance_name" {
  value = google_sql_database_instance.main.name
}

output "postgres_connection_name" {
  value = google_sql_database_instance.main.connection_name
}

output "postgres_private_ip" {
  description = "global.postgres.master.host"
  value       = google_sql_database_instance.main.private_ip_address
}

output "postgres_port" {
  value = 5432
}

output "db_secret_names" {
  description = "Service => Secret Manager secret with its database credentials"
  value       = { for service in var.database_services : service => google_secret_manager_secret.commons["${service}-creds"].secret_id }
}

output "data_bucket_name" {
  value = google_storage_bucket.main["data"].name
}

output "logs_bucket_name" {
  value = google_storage_bucket.logs.name
}

output "manifest_bucket_name" {
  value = google_storage_bucket.main["manifest"].name
}

output "user_yaml_bucket_name" {
  value = google_storage_bucket.main["user_yaml"].name
}

output "service_accounts" {
  description = "Key => Google service account email and the Kubernetes service account it trusts"
  value = {
    for key, identity in local.workload_identities : key => {
      email     = google_service_account.workload[key].email
      namespace = var.namespace
      name      = identity.service_account
    }
  }
}

output "es_endpoint" {
  description = "Elasticsearch 7 inside the commons namespace (plain HTTP)"
  value       = local.es_endpoint
}

output "search_node_pool" {
  description = "Node label of the Elasticsearch pool; null without one"
  value       = var.search_node_pool ? "csoc.gen3.org/workload=search" : null
}

output "cloud_armor_policy_name" {
  description = "Cloud Armor policy for revproxy's BackendConfig; null when disabled"
  value       = var.cloud_armor_enabled ? google_compute_security_policy.main[0].name : null
}

output "ingress_address_name" {
  description = "Global static address for revproxy's Ingress (kubernetes.io/ingress.global-static-ip-name)"
  value       = google_compute_global_address.ingress.name
}

output "ingress_address" {
  description = "The commons' public IP: point the hostname's DNS record here"
  value       = google_compute_global_address.ingress.address
}

output "secret_ids" {
  description = "Every Secret Manager secret the plugin creates for the commons, by name without the prefix"
  value       = { for name, secret in google_secret_manager_secret.commons : name => secret.secret_id }
}
