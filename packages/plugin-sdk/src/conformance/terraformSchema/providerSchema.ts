// The provider schema model the checker compares HCL with: per resource and data source type, which
// arguments and nested blocks exist and which are required. Names are Terraform's (snake_case), whatever
// the schema was read from (a cdktf .jsii assembly or `terraform providers schema -json`).

/** required: must be set; optional: may be set; computed: read-only, set by the provider (setting it is an error). */
export type AttributeMode = 'required' | 'optional' | 'computed';

export interface BlockSchema {
  /** Arguments by Terraform name. */
  attributes: Record<string, AttributeMode>;
  /** Nested blocks by Terraform name. */
  blocks: Record<string, NestedBlockSchema>;
}

export interface NestedBlockSchema {
  /** At least this many blocks must be written (1 = a required block). */
  minItems: number;
  /** At most this many (1 = a single block); absent = no limit known. */
  maxItems?: number;
  block: BlockSchema;
}

export interface ProviderSchema {
  /** Registry source, e.g. `hashicorp/azurerm`, `terraform.io/builtin/terraform`. */
  source: string;
  /** Local name and resource type prefix, e.g. `azurerm`. */
  name: string;
  version?: string;
  /** Where the schema came from (an assembly name or a file), for messages. */
  origin: string;
  /** The `provider "<name>" { ... }` configuration block, when the source describes it. */
  provider?: BlockSchema;
  resources: Record<string, BlockSchema>;
  dataSources: Record<string, BlockSchema>;
}

/**
 * Terraform's built-in provider: `terraform_data` needs no schema file, so plugins using it are checked
 * even when only a cloud provider's schema is given.
 */
export const BUILTIN_TERRAFORM_SCHEMA: ProviderSchema = {
  source: 'terraform.io/builtin/terraform',
  name: 'terraform',
  origin: 'Terraform built-in provider',
  resources: {
    terraform_data: {
      attributes: { input: 'optional', triggers_replace: 'optional', id: 'computed', output: 'computed' },
      blocks: {},
    },
  },
  dataSources: {
    terraform_remote_state: {
      attributes: {
        backend: 'required',
        config: 'optional',
        defaults: 'optional',
        workspace: 'optional',
        outputs: 'computed',
      },
      blocks: {},
    },
  },
};
