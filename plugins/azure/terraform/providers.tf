# Credentials never reach Terraform as variables: the plugin sets ARM_TENANT_ID, ARM_SUBSCRIPTION_ID,
# ARM_CLIENT_ID and ARM_CLIENT_SECRET in the environment (src/applyAzureCredentials.ts).
provider "azurerm" {
  # Storage containers are created through Entra ID: the account has shared keys disabled.
  storage_use_azuread = true

  features {
    key_vault {
      # A destroyed vault stays soft-deleted (recoverable) for its retention period.
      purge_soft_delete_on_destroy = false
    }
    resource_group {
      # Never delete a resource group that holds something this module did not create.
      prevent_deletion_if_contains_resources = true
    }
  }
}

data "azurerm_client_config" "current" {}
