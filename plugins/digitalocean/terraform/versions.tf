# The DigitalOcean plugin's Terraform root module: digitalocean/digitalocean resources only (plus
# Terraform's built-in terraform_data), no registry modules, so it initialises from a provider mirror.
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    digitalocean = {
      source  = "digitalocean/digitalocean"
      version = "2.71.0"
    }
  }

  # No backend block: the CSOC driver adds its http state backend with an override file at run time.
}
