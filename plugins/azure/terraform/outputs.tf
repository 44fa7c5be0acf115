# Outputs of the azure plugin: the hand-off to the Gen3 values renderer (src/toGen3RenderOutputs.ts maps them
# onto AzureOutputs). Names, ids and URLs only: no output holds a secret.

output "environment" {
  value = var.environment
}

output "namespace" {
  description = "Namespace whose service accounts the federated credentials trust"
  value       = var.namespace
}

output "location" {
  value = azurerm_resource_group.commons.location
}

output "tenant_id" {
  value = data.azurerm_client_config.current.tenant_id
}

output "subscription_id" {
  value = data.azurerm_client_config.current.subscription_id
}

output "resource_group_name" {
  value = azurerm_resource_group.commons.name
}

output "cluster_name" {
  value = azurerm_kubernetes_cluster.commons.name
}

output "cluster_endpoint" {
  description = "Kubernetes API server URL"
  value       = "https://${azurerm_kubernetes_cluster.commons.fqdn}:443"
}

output "oidc_issuer_url" {
  value = azurerm_kubernetes_cluster.commons.oidc_issuer_url
}

output "key_vault_name" {
  value = azurerm_key_vault.commons.name
}

output "key_vault_url" {
  value = azurerm_key_vault.commons.vault_uri
}

output "postgres_server_name" {
  value = azurerm_postgresql_flexible_server.commons.name
}

output "postgres_host" {
  value = azurerm_postgresql_flexible_server.commons.fqdn
}

output "postgres_master_secret_name" {
  description = "Key Vault secret with host, port, username, password, database"
  value       = azurerm_key_vault_secret.postgres_master.name
}

output "postgres_databases" {
  value = sort([for database in azurerm_postgresql_flexible_server_database.service : database.name])
}

output "storage_account_name" {
  value = azurerm_storage_account.commons.name
}

output "blob_endpoint" {
  value = azurerm_storage_account.commons.primary_blob_endpoint
}

output "blob_containers" {
  description = "Container name per role: data, logs, manifest, user_yaml"
  value       = { for key, container in azurerm_storage_container.commons : key => container.name }
}

output "workload_identity_client_ids" {
  description = "Client id of the managed identity per service"
  value       = { for key, identity in azurerm_user_assigned_identity.service : key => identity.client_id }
}

output "service_accounts" {
  description = "Kubernetes service account each identity's federated credential trusts"
  value       = { for key, identity in local.service_identities : key => { namespace = var.namespace, name = identity.service_account } }
}

output "es_endpoint" {
  description = "Elasticsearch 7 URL (plain HTTP inside the cluster by default)"
  value       = local.es_endpoint
}

output "ingress_class_name" {
  value = local.ingress_class
}

output "cluster_issuer" {
  value = var.tls_cluster_issuer
}

output "waf_policy_id" {
  description = "Application Gateway WAF policy; null without the WAF"
  value       = var.waf_enabled ? azurerm_web_application_firewall_policy.commons[0].id : null
}

output "ingress_public_ip" {
  description = "Public IP of the Application Gateway; null without the WAF (web app routing's load balancer IP is assigned in the cluster)"
  value       = var.waf_enabled ? azurerm_public_ip.appgateway[0].ip_address : null
}

output "log_analytics_workspace_id" {
  value = azurerm_log_analytics_workspace.commons.id
}
