# Blob storage: one StorageV2 account with private containers for data, logs, manifests and usersync's
# user.yaml. Encrypted at rest (Microsoft-managed keys plus infrastructure encryption), versioned, soft delete,
# TLS 1.2 only, no anonymous access and no shared keys (Entra ID only: fence signs user-delegation SAS URLs).
resource "azurerm_storage_account" "commons" {
  name                     = local.storage_account
  location                 = azurerm_resource_group.commons.location
  resource_group_name      = azurerm_resource_group.commons.name
  account_kind             = "StorageV2"
  account_tier             = "Standard"
  account_replication_type = local.tier.storage_replication
  access_tier              = "Hot"

  min_tls_version                   = "TLS1_2"
  https_traffic_only_enabled        = true
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  default_to_oauth_authentication   = true
  infrastructure_encryption_enabled = true
  cross_tenant_replication_enabled  = false

  blob_properties {
    versioning_enabled  = true
    change_feed_enabled = true

    delete_retention_policy {
      days = var.blob_soft_delete_days
    }
    container_delete_retention_policy {
      days = var.blob_soft_delete_days
    }
  }

  tags = local.tags
}

resource "azurerm_storage_container" "commons" {
  for_each              = local.blob_containers
  name                  = each.value
  storage_account_id    = azurerm_storage_account.commons.id
  container_access_type = "private"
}
