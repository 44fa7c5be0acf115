# Key Vault for the commons secrets, authorised by Azure RBAC only: External Secrets reads it with its
# workload identity (Key Vault Secrets User); the identity running the plugin writes the database master
# secret (Key Vault Secrets Officer). Soft delete and purge protection keep a deleted secret recoverable.
resource "azurerm_key_vault" "commons" {
  name                       = local.key_vault_name
  location                   = azurerm_resource_group.commons.location
  resource_group_name        = azurerm_resource_group.commons.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  rbac_authorization_enabled = true
  purge_protection_enabled   = true
  soft_delete_retention_days = 90
  tags                       = local.tags
}

resource "azurerm_role_assignment" "deployer_secrets_officer" {
  scope                = azurerm_key_vault.commons.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

# host, port, username, password, database: the shape Gen3's postgres externalSecret reads. The password is
# written once (version 1) through a write-only argument; bump both versions together to rotate it.
resource "azurerm_key_vault_secret" "postgres_master" {
  name         = local.postgres_secret
  key_vault_id = azurerm_key_vault.commons.id
  content_type = "application/json"
  value_wo = jsonencode({
    host     = azurerm_postgresql_flexible_server.commons.fqdn
    port     = "5432"
    username = local.postgres_admin
    password = local.postgres_admin_password
    database = "postgres"
  })
  value_wo_version = 1
  tags             = local.tags

  depends_on = [azurerm_role_assignment.deployer_secrets_officer]
}
