# The AWS plugin's Terraform root module. Only hashicorp/aws resources, no registry modules, so it
# initialises from a provider mirror with no network. Write-only arguments need Terraform >= 1.11.
terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }

  # No backend block: the CSOC driver adds its http state backend with an override file at run time.
}
