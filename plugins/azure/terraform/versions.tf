# The Azure plugin's Terraform root module. Only hashicorp/azurerm resources, no registry modules and no
# other provider (no random: passwords come from uuid() through write-only arguments, which need
# Terraform >= 1.11).
terraform {
  required_version = ">= 1.11.0"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "4.55.0"
    }
  }

  # No backend block: the CSOC driver adds its http state backend with an override file at run time.
}
