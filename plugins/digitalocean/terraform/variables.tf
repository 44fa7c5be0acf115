# Inputs of the DigitalOcean plugin (manifest.json inputs in snake_case, set by src/toTerraformVariables.ts).

variable "environment" {
  description = "DOKS cluster name and prefix of every resource."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.environment))
    error_message = "environment must be 3-20 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the Gen3 chart (the commons name; set by the plugin)."
  type        = string
  default     = "gen3"
}

variable "region" {
  description = "DigitalOcean region slug, e.g. nyc3."
  type        = string
}

variable "size_tier" {
  description = "small, medium or large: node sizes and counts, database size (locals.tf)."
  type        = string
  default     = "small"

  validation {
    condition     = contains(["small", "medium", "large"], var.size_tier)
    error_message = "size_tier must be small, medium or large."
  }
}

variable "kubernetes_version" {
  description = "DOKS minor version (e.g. 1.33); the newest patch DigitalOcean offers is used."
  type        = string
  default     = "1.33"
}

variable "vpc_ip_range" {
  description = "Private network of the commons VPC."
  type        = string
  default     = "10.20.0.0/20"
}

variable "ha_control_plane" {
  description = "Highly available DOKS control plane."
  type        = bool
  default     = false
}

variable "control_plane_allowed_addresses" {
  description = "Addresses allowed to reach the Kubernetes API; empty: the control-plane firewall stays off."
  type        = list(string)
  default     = []
}

variable "postgres_version" {
  description = "Managed PostgreSQL major version."
  type        = string
  default     = "16"
}

variable "database_services" {
  description = "Gen3 services that get their own database and user."
  type        = list(string)
  default     = ["arborist", "audit", "fence", "indexd", "metadata", "peregrine", "sheepdog", "wts"]
}

variable "bucket_force_destroy" {
  description = "Let destroy delete buckets that still hold objects (development commons only)."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Days the logs bucket keeps objects."
  type        = number
  default     = 90
}

variable "secrets_namespace" {
  description = "Namespace of the Kubernetes Secrets External Secrets copies into the commons namespace."
  type        = string
  default     = "gen3-secrets"
}

variable "search_endpoint" {
  description = "Elasticsearch 7 URL; null: the in-cluster gen3-elasticsearch-master service of the commons namespace."
  type        = string
  default     = null
}

variable "hostname" {
  description = "Public hostname of the commons (wts and manifestservice URLs); null: <environment>.invalid until set."
  type        = string
  default     = null
}

variable "ingress_class_name" {
  description = "IngressClass of the commons ingress."
  type        = string
  default     = "nginx"
}

variable "cluster_issuer" {
  description = "cert-manager ClusterIssuer of the commons certificate; null: none."
  type        = string
  default     = null
}

variable "write_cluster_secrets" {
  description = "Write the generated credentials into secrets_namespace at the end of apply (the plugin's write-cluster-secrets step)."
  type        = bool
  default     = true
}
