# Inputs of the azure plugin (manifest.json `inputs`, camelCase there, snake_case here). The defaults
# equal the schema's; the validations repeat its rules so a plan from a hand-written tfvars is safe too.

variable "environment" {
  description = "AKS cluster name and prefix of every resource: 3-14 lower-case letters, digits and single hyphens, starting with a letter"
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,12}[a-z0-9]$", var.environment)) && !strcontains(var.environment, "--")
    error_message = "environment must be 3-14 lower-case letters, digits and single hyphens, starting with a letter."
  }
}

variable "namespace" {
  description = "Kubernetes namespace of the Gen3 chart (CSOC sets it to the commons name): the federated credentials trust its service accounts"
  type        = string
  default     = "gen3"
  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,28}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a DNS label of 1-30 characters."
  }
}

variable "location" {
  description = "Azure region, e.g. eastus"
  type        = string
  validation {
    condition     = can(regex("^[a-z]+[a-z0-9]*$", var.location))
    error_message = "location must be an Azure region name such as eastus or westeurope (lower case, no spaces)."
  }
}

variable "size" {
  description = "Size tier: small, medium or large (node pool, database and storage redundancy; see docs/plugins/azure.md)"
  type        = string
  default     = "small"
  validation {
    condition     = contains(["small", "medium", "large"], var.size)
    error_message = "size must be small, medium or large."
  }
}

variable "vnet_cidr" {
  description = "IPv4 network of the virtual network, /16 to /20: nodes get the first half, PostgreSQL and the Application Gateway a /24 each from the second"
  type        = string
  default     = "10.20.0.0/16"
  validation {
    condition     = can(cidrhost(var.vnet_cidr, 0)) && tonumber(split("/", var.vnet_cidr)[1]) >= 16 && tonumber(split("/", var.vnet_cidr)[1]) <= 20
    error_message = "vnet_cidr must be an IPv4 CIDR from /16 to /20, e.g. 10.20.0.0/16."
  }
}

variable "kubernetes_version" {
  description = "AKS Kubernetes version (minor), e.g. 1.32"
  type        = string
  default     = "1.32"
  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must be a minor version such as 1.32."
  }
}

variable "api_server_authorized_ip_ranges" {
  description = "CIDRs allowed to reach the Kubernetes API; empty = no restriction beyond Entra ID authentication"
  type        = list(string)
  default     = []
  validation {
    condition     = alltrue([for cidr in var.api_server_authorized_ip_ranges : can(cidrhost(cidr, 0)) && cidr != "0.0.0.0/0"])
    error_message = "api_server_authorized_ip_ranges must hold IPv4 CIDRs, never 0.0.0.0/0."
  }
}

variable "postgres_version" {
  description = "PostgreSQL major version of the Flexible Server"
  type        = string
  default     = "16"
  validation {
    condition     = contains(["14", "15", "16"], var.postgres_version)
    error_message = "postgres_version must be 14, 15 or 16."
  }
}

variable "database_services" {
  description = "Gen3 services that get a database on the server"
  type        = list(string)
  default     = ["arborist", "audit", "fence", "indexd", "metadata", "requestor", "sheepdog", "wts"]
  validation {
    condition     = alltrue([for service in var.database_services : can(regex("^[a-z][a-z0-9_-]{0,30}$", service))])
    error_message = "database_services must hold service names: lower-case letters, digits, _ and -."
  }
}

variable "waf_enabled" {
  description = "Put an Application Gateway WAF_v2 (OWASP 3.2 managed rules) in front of the commons instead of the managed NGINX ingress"
  type        = bool
  default     = false
}

variable "waf_mode" {
  description = "Detection (log only) or Prevention (block)"
  type        = string
  default     = "Detection"
  validation {
    condition     = contains(["Detection", "Prevention"], var.waf_mode)
    error_message = "waf_mode must be Detection or Prevention."
  }
}

variable "tls_cluster_issuer" {
  description = "cert-manager ClusterIssuer that issues the commons certificate (the revproxy Ingress names it)"
  type        = string
  default     = "letsencrypt-prod"
  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$", var.tls_cluster_issuer))
    error_message = "tls_cluster_issuer must be a Kubernetes object name."
  }
}

variable "elasticsearch_url" {
  description = "Elasticsearch 7 URL Gen3 uses; empty = the in-cluster gen3-elasticsearch-master service of the namespace, plain HTTP"
  type        = string
  default     = ""
  validation {
    condition     = var.elasticsearch_url == "" || can(regex("^https?://[a-z0-9.-]+(:[0-9]{1,5})?$", var.elasticsearch_url))
    error_message = "elasticsearch_url must be empty or an http(s) URL without a path, e.g. http://es.search.svc:9200."
  }
}

variable "log_retention_days" {
  description = "Days Log Analytics keeps control-plane logs (30-730)"
  type        = number
  default     = 30
  validation {
    condition     = var.log_retention_days >= 30 && var.log_retention_days <= 730
    error_message = "log_retention_days must be between 30 and 730."
  }
}

variable "blob_soft_delete_days" {
  description = "Days deleted blobs and containers stay recoverable (1-365)"
  type        = number
  default     = 30
  validation {
    condition     = var.blob_soft_delete_days >= 1 && var.blob_soft_delete_days <= 365
    error_message = "blob_soft_delete_days must be between 1 and 365."
  }
}

variable "tags" {
  description = "Extra tags on every resource"
  type        = map(string)
  default     = {}
}
