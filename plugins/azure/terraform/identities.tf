# A user-assigned managed identity per Gen3 service that needs cloud access, federated to exactly the
# Kubernetes service account the gen3-helm chart creates for it (workload identity: the AKS OIDC issuer signs
# the token, Entra ID exchanges it). Each gets only the data-plane role it needs.
locals {
  service_identities = {
    fence            = { service_account = "fence-sa" }
    audit            = { service_account = "audit-service-sa" }
    hatchery         = { service_account = "hatchery-service-account" }
    manifestservice  = { service_account = "manifestservice-sa" }
    external_secrets = { service_account = "secret-store-sa" }
  }
}

resource "azurerm_user_assigned_identity" "service" {
  for_each            = local.service_identities
  name                = "id-${local.name}-${var.namespace}-${replace(each.key, "_", "-")}"
  location            = azurerm_resource_group.commons.location
  resource_group_name = azurerm_resource_group.commons.name
  tags                = local.tags
}

resource "azurerm_federated_identity_credential" "service" {
  for_each            = local.service_identities
  name                = "${var.namespace}-${each.value.service_account}"
  resource_group_name = azurerm_resource_group.commons.name
  parent_id           = azurerm_user_assigned_identity.service[each.key].id
  issuer              = azurerm_kubernetes_cluster.commons.oidc_issuer_url
  subject             = "system:serviceaccount:${var.namespace}:${each.value.service_account}"
  audience            = ["api://AzureADTokenExchange"]
}

# fence: reads and writes the data container and signs user-delegation SAS URLs for downloads and uploads.
resource "azurerm_role_assignment" "fence_data" {
  scope                = azurerm_storage_container.commons["data"].id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.service["fence"].principal_id
}

resource "azurerm_role_assignment" "fence_delegator" {
  scope                = azurerm_storage_account.commons.id
  role_definition_name = "Storage Blob Delegator"
  principal_id         = azurerm_user_assigned_identity.service["fence"].principal_id
}

# usersync (fence's job) reads user.yaml with fence's identity.
resource "azurerm_role_assignment" "fence_user_yaml" {
  scope                = azurerm_storage_container.commons["user_yaml"].id
  role_definition_name = "Storage Blob Data Reader"
  principal_id         = azurerm_user_assigned_identity.service["fence"].principal_id
}

resource "azurerm_role_assignment" "manifestservice_manifests" {
  scope                = azurerm_storage_container.commons["manifest"].id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.service["manifestservice"].principal_id
}

resource "azurerm_role_assignment" "audit_logs" {
  scope                = azurerm_storage_container.commons["logs"].id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.service["audit"].principal_id
}

resource "azurerm_role_assignment" "external_secrets_reader" {
  scope                = azurerm_key_vault.commons.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.service["external_secrets"].principal_id
}
