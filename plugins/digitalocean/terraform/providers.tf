# Credentials come from the plugin's environment only, never from variables, so they appear in no plan,
# tfvars file or state: DIGITALOCEAN_TOKEN (the API token) and SPACES_ACCESS_KEY_ID /
# SPACES_SECRET_ACCESS_KEY (the Spaces key the buckets are created with), which the provider reads itself.
provider "digitalocean" {}
