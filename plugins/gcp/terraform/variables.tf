# Inputs of the module: manifest.json's inputs in snake_case (src/toTerraformVariables.ts), plus the
# namespace the plugin sets from the commons name. Validation lives in manifest.json's schema; the checks
# here repeat the ones whose violation would only surface as a cloud API error mid-apply.

variable "environment" {
  type        = string
  description = "Cluster name and prefix of every resource (3-14 characters)"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,12}[a-z0-9]$", var.environment))
    error_message = "environment must be 3-14 lower-case letters, digits and hyphens, starting with a letter."
  }
}

variable "namespace" {
  type        = string
  description = "Kubernetes namespace of the Gen3 chart (the commons name; set by the plugin)"
  default     = "gen3"
}

variable "project_id" {
  type        = string
  description = "Google Cloud project the commons lives in"
}

variable "region" {
  type        = string
  description = "Region of the cluster, database, buckets and key ring, e.g. us-central1"
}

variable "size" {
  type        = string
  description = "Size tier: small, medium or large (locals.tf)"
  default     = "small"

  validation {
    condition     = contains(["small", "medium", "large"], var.size)
    error_message = "size must be small, medium or large."
  }
}

variable "subnet_cidr" {
  type        = string
  description = "Primary range of the cluster subnet (nodes)"
  default     = "10.40.0.0/20"
}

variable "pods_cidr" {
  type        = string
  description = "Secondary range for pods"
  default     = "10.44.0.0/14"
}

variable "services_cidr" {
  type        = string
  description = "Secondary range for Kubernetes services"
  default     = "10.48.0.0/20"
}

variable "master_cidr" {
  type        = string
  description = "/28 of the GKE control plane's private endpoint"
  default     = "172.16.0.32/28"
}

variable "master_authorized_cidrs" {
  type        = list(string)
  description = "Networks allowed to reach the Kubernetes API (CSOC's and Argo CD's egress)"
  default     = []
}

variable "release_channel" {
  type        = string
  description = "GKE release channel"
  default     = "REGULAR"
}

variable "node_machine_type" {
  type        = string
  description = "Machine type of the general node pool; null: the size tier's"
  default     = null
}

variable "node_max_count" {
  type        = number
  description = "Most nodes per zone in the general pool; null: the size tier's"
  default     = null
}

variable "search_node_pool" {
  type        = bool
  description = "A node pool for Elasticsearch 7, labelled csoc.gen3.org/workload=search"
  default     = true
}

variable "postgres_version" {
  type        = string
  description = "Cloud SQL database version"
  default     = "POSTGRES_16"
}

variable "postgres_tier" {
  type        = string
  description = "Cloud SQL machine tier; null: the size tier's"
  default     = null
}

variable "postgres_high_availability" {
  type        = bool
  description = "Regional (HA) Cloud SQL instance; null: the size tier's"
  default     = null
}

variable "database_services" {
  type        = list(string)
  description = "Gen3 services that get a database, a user and a <environment>-<namespace>-<service>-creds secret"
  default     = ["arborist", "audit", "fence", "indexd", "metadata", "peregrine", "requestor", "sheepdog", "wts"]
}

variable "deletion_protection" {
  type        = bool
  description = "Protect the cluster and the database from deletion (turn off only for throwaway commons)"
  default     = true
}

variable "bucket_prefix" {
  type        = string
  description = "Prefix of the bucket names (globally unique); null: <project_id>-<environment>"
  default     = null
}

variable "bucket_force_destroy" {
  type        = bool
  description = "Let destroy delete buckets that still hold objects"
  default     = false
}

variable "log_retention_days" {
  type        = number
  description = "Age after which objects of the logs bucket are deleted"
  default     = 365
}

variable "cloud_armor_enabled" {
  type        = bool
  description = "Create a Cloud Armor policy (OWASP rules, per-IP rate limit) for the commons ingress"
  default     = true
}

variable "cloud_armor_rate_limit_per_minute" {
  type        = number
  description = "Requests per client IP per minute before Cloud Armor answers 429"
  default     = 1200
}

variable "labels" {
  type        = map(string)
  description = "Extra labels on every resource"
  default     = {}
}

variable "hostname" {
  type        = string
  description = "Public hostname of the commons (service configurations name it); null: <environment>.invalid"
  default     = null
}
