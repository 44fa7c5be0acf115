// Generated from the CSOC OpenAPI document by packages/server/scripts/generateApiClientTypes.ts. Do not edit.
/* eslint-disable */
export interface paths {
    "/api/v1/agent/credential": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** csoc-agent exchanges a request signed with its private key for a 15-minute credential */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        agentId: string;
                        /** @description ms since the epoch; must be later than the previous request */
                        iat: number;
                        nonce: string;
                        /** @description base64url Ed25519 signature of credentialRequestPayload(agentId, iat, nonce) */
                        signature: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description bearer credential for /api/v1/agent/connect; short-lived */
                            credential: string;
                            expiresAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/agent/enrol": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** csoc-agent enrols with a join token and its Ed25519 public key (the token is burned) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the one-use join token (csoc_join_...) an org admin created for the commons */
                        joinToken: string;
                        /** @description the agent's Ed25519 public key, SPKI PEM */
                        publicKeyPem: string;
                        /** @description the agent build version */
                        version?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agentId: string;
                            commons: string;
                            org: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every audit event, newest first (platform admins) */
        get: {
            parameters: {
                query?: {
                    /** @description Exact action, e.g. run.approve */
                    action?: string;
                    /** @description Actor email/label (substring) or user id */
                    actor?: string;
                    cursor?: string;
                    limit?: number;
                    outcome?: "success" | "failure" | "denied";
                    /** @description Events at or after this time; RFC 3339 with a time zone, e.g. 2026-06-30T12:00:00Z (a leap second, :60, counts as the next second) */
                    since?: string;
                    /** @description Target prefix, e.g. orgs/acme/commons/prod */
                    target?: string;
                    /** @description Events before this time; RFC 3339 with a time zone, e.g. 2026-06-30T12:00:00Z (a leap second, :60, counts as the next second) */
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string;
                                actor: {
                                    id: string | null;
                                    kind: string;
                                    label: string;
                                };
                                hash: string;
                                id: string;
                                orgId: string | null;
                                outcome: string;
                                requestId: string | null;
                                seq: number;
                                sourceIp: string | null;
                                statusCode: number | null;
                                summary: {
                                    [key: string]: unknown;
                                };
                                target: string;
                                time: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export every audit event as JSON Lines (platform admins) */
        get: {
            parameters: {
                query?: {
                    /** @description Exact action, e.g. run.approve */
                    action?: string;
                    /** @description Actor email/label (substring) or user id */
                    actor?: string;
                    outcome?: "success" | "failure" | "denied";
                    /** @description Events at or after this time; RFC 3339 with a time zone, e.g. 2026-06-30T12:00:00Z (a leap second, :60, counts as the next second) */
                    since?: string;
                    /** @description Target prefix, e.g. orgs/acme/commons/prod */
                    target?: string;
                    /** @description Events before this time; RFC 3339 with a time zone, e.g. 2026-06-30T12:00:00Z (a leap second, :60, counts as the next second) */
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verify the hash chain; names the first broken link */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checked: number;
                            firstBroken?: {
                                id: string;
                                reason: string;
                                seq: number;
                            };
                            valid: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation (signed in: join as yourself; otherwise create the invited account) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName?: string;
                        /** @description At least 12 characters */
                        password?: string;
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            orgSlug: string;
                            /** @description owner > admin > operator > viewer */
                            role: "owner" | "admin" | "operator" | "viewer";
                            userId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your account and memberships */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description owner > admin > operator > viewer */
                            approverMinRole?: "owner" | "admin" | "operator" | "viewer";
                            memberships: {
                                orgName: string;
                                orgSlug: string;
                                /** @description owner > admin > operator > viewer */
                                role: "owner" | "admin" | "operator" | "viewer";
                            }[];
                            mustChangePassword: boolean;
                            user: {
                                createdAt: string;
                                disabled: boolean;
                                displayName: string;
                                email: string;
                                id: string;
                                isPlatformAdmin: boolean;
                                lastLoginAt: string | null;
                                sso: boolean;
                                version: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password; signs out your other sessions and revokes your API tokens */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        /** @description At least 12 characters */
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your live browser sessions (not with an API token) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                current: boolean;
                                expiresAt: string;
                                /** @description An opaque handle (not the cookie) */
                                id: string;
                                lastSeenAt: string;
                                sourceIp: string | null;
                                userAgent: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of your sessions (not with an API token) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API as an OpenAPI 3.1 document */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the organizations you can see (platform admins: all) */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                name: string;
                                slug: string;
                                /** Format: date-time */
                                updatedAt: string;
                                version: number;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an organization */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                        slug: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            name: string;
                            slug: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an organization */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            name: string;
                            slug: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename an organization (send If-Match) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            name: string;
                            slug: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs/{org}/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List an organization's cloud accounts */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: string;
                                id: string;
                                /**
                                 * @description Which cloud the account is for
                                 * @enum {unknown}
                                 */
                                kind: "aws" | "azure" | "gcp" | "digitalocean" | "kubernetes" | "sim";
                                name: string;
                                public: {
                                    [key: string]: unknown;
                                };
                                /** @description Every secret field of the kind and whether it is set; values are never returned */
                                secretFields: {
                                    name: string;
                                    set: boolean;
                                }[];
                                /** @description hmac-sha256:<16 hex>, keyed by the vault; changes when the secrets (or the master key) change */
                                secretFingerprint: string;
                                /** Format: date-time */
                                secretsRotatedAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                                version: number;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a cloud account (secret fields are write-only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Which cloud the account is for
                         * @enum {unknown}
                         */
                        kind: "aws" | "azure" | "gcp" | "digitalocean" | "kubernetes" | "sim";
                        /** @description The account name: lower-case letters, digits and dashes; unique in the org */
                        name: string;
                        /** @description The public fields of the kind (see the per-kind rules) */
                        public: {
                            [key: string]: unknown;
                        };
                        /** @description The secret fields of the kind; replaces every secret field. Never returned. */
                        secrets?: {
                            [key: string]: string;
                        };
                    } & (unknown & unknown & unknown & unknown & unknown & unknown);
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            id: string;
                            /**
                             * @description Which cloud the account is for
                             * @enum {unknown}
                             */
                            kind: "aws" | "azure" | "gcp" | "digitalocean" | "kubernetes" | "sim";
                            name: string;
                            public: {
                                [key: string]: unknown;
                            };
                            /** @description Every secret field of the kind and whether it is set; values are never returned */
                            secretFields: {
                                name: string;
                                set: boolean;
                            }[];
                            /** @description hmac-sha256:<16 hex>, keyed by the vault; changes when the secrets (or the master key) change */
                            secretFingerprint: string;
                            /** Format: date-time */
                            secretsRotatedAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/accounts/{account}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a cloud account (public fields, secret fingerprint; never secret values) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The account name: lower-case letters, digits and dashes; unique in the org */
                    account: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            id: string;
                            /**
                             * @description Which cloud the account is for
                             * @enum {unknown}
                             */
                            kind: "aws" | "azure" | "gcp" | "digitalocean" | "kubernetes" | "sim";
                            name: string;
                            public: {
                                [key: string]: unknown;
                            };
                            /** @description Every secret field of the kind and whether it is set; values are never returned */
                            secretFields: {
                                name: string;
                                set: boolean;
                            }[];
                            /** @description hmac-sha256:<16 hex>, keyed by the vault; changes when the secrets (or the master key) change */
                            secretFingerprint: string;
                            /** Format: date-time */
                            secretsRotatedAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a cloud account and its secrets (If-Match honoured) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The account name: lower-case letters, digits and dashes; unique in the org */
                    account: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change public fields and/or replace the secret fields (send If-Match) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The account name: lower-case letters, digits and dashes; unique in the org */
                    account: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Merged into the public fields (JSON merge patch: null removes an optional field) */
                        public?: {
                            [key: string]: unknown;
                        };
                        /** @description The secret fields of the kind; replaces every secret field. Never returned. */
                        secrets?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            id: string;
                            /**
                             * @description Which cloud the account is for
                             * @enum {unknown}
                             */
                            kind: "aws" | "azure" | "gcp" | "digitalocean" | "kubernetes" | "sim";
                            name: string;
                            public: {
                                [key: string]: unknown;
                            };
                            /** @description Every secret field of the kind and whether it is set; values are never returned */
                            secretFields: {
                                name: string;
                                set: boolean;
                            }[];
                            /** @description hmac-sha256:<16 hex>, keyed by the vault; changes when the secrets (or the master key) change */
                            secretFingerprint: string;
                            /** Format: date-time */
                            secretsRotatedAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs/{org}/accounts/{account}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace the secret fields (new fingerprint and rotation time) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The account name: lower-case letters, digits and dashes; unique in the org */
                    account: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The secret fields of the kind; replaces every secret field. Never returned. */
                        secrets: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            id: string;
                            /**
                             * @description Which cloud the account is for
                             * @enum {unknown}
                             */
                            kind: "aws" | "azure" | "gcp" | "digitalocean" | "kubernetes" | "sim";
                            name: string;
                            public: {
                                [key: string]: unknown;
                            };
                            /** @description Every secret field of the kind and whether it is set; values are never returned */
                            secretFields: {
                                name: string;
                                set: boolean;
                            }[];
                            /** @description hmac-sha256:<16 hex>, keyed by the vault; changes when the secrets (or the master key) change */
                            secretFingerprint: string;
                            /** Format: date-time */
                            secretsRotatedAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts of the org, newest first (filter by state: pending, firing, resolved) */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                    /** @description Only alerts in this state */
                    state?: "pending" | "firing" | "resolved";
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                acknowledgedAt: string | null;
                                acknowledgedBy: string | null;
                                activeSince: string;
                                commons: string | null;
                                firedAt: string | null;
                                id: string;
                                kind: string;
                                labels: {
                                    [key: string]: string;
                                };
                                resolvedAt: string | null;
                                rule: string;
                                severity: string;
                                /** @description An active silence or maintenance window matches it */
                                silenced: boolean;
                                /** @description pending, firing or resolved */
                                state: string;
                                subject: string;
                                summary: string;
                                value: number | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/alerts/{alert}/ack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge an alert: someone is on it (idempotent; the first acknowledgement stays) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description An id from a list */
                    alert: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acknowledgedAt: string | null;
                            acknowledgedBy: string | null;
                            activeSince: string;
                            commons: string | null;
                            firedAt: string | null;
                            id: string;
                            kind: string;
                            labels: {
                                [key: string]: string;
                            };
                            resolvedAt: string | null;
                            rule: string;
                            severity: string;
                            /** @description An active silence or maintenance window matches it */
                            silenced: boolean;
                            /** @description pending, firing or resolved */
                            state: string;
                            subject: string;
                            summary: string;
                            value: number | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/alerts/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Notification channels (secrets never shown) */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                config: {
                                    [key: string]: unknown;
                                };
                                createdAt: string;
                                createdBy: string;
                                enabled: boolean;
                                id: string;
                                kind: string;
                                name: string;
                                route: {
                                    [key: string]: unknown;
                                };
                                /** @description Which secrets are set (never their values) */
                                secretFields: string[];
                                secretFingerprint: string;
                                updatedAt: string;
                                version: number;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a channel: webhook (signed), Slack incoming webhook or email over SMTP; secrets are write-only */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        config?: {
                            /**
                             * Format: email
                             * @description email: sender
                             */
                            from?: string;
                            /** @description email: SMTP host */
                            host?: string;
                            /** @description email: SMTP port */
                            port?: number;
                            /**
                             * @description email: starttls (required, default), implicit (SMTPS, port 465) or none (a local relay)
                             * @enum {unknown}
                             */
                            tls?: "starttls" | "implicit" | "none";
                            /** @description email: recipients */
                            to?: string[];
                            /**
                             * Format: uri
                             * @description webhook: the URL CSOC POSTs to
                             */
                            url?: string;
                            /** @description email: SMTP user */
                            username?: string;
                        };
                        /** @default true */
                        enabled?: boolean;
                        /**
                         * @description webhook, slack or email
                         * @enum {unknown}
                         */
                        kind: "webhook" | "slack" | "email";
                        /** @description Lower-case letters, digits and dashes; 2 to 64 characters; starts with a letter */
                        name: string;
                        /** @description Which alerts the channel receives and how they are grouped */
                        route?: {
                            /** @description Alerts with equal values of these labels go out in one notification (default commons, rule) */
                            groupBy?: string[];
                            /** @description How long a new group waits for more alerts before it is sent (default 30) */
                            groupWaitSeconds?: number;
                            matchers?: {
                                /** @description A label name: letters, digits, _ . -; e.g. commons, severity, team */
                                label: string;
                                /**
                                 * @description = equals, != differs, =~ matches the regular expression (whole value), !~ does not
                                 * @enum {unknown}
                                 */
                                op: "=" | "!=" | "=~" | "!~";
                                value: string;
                            }[];
                            /**
                             * @description info, warning or critical
                             * @enum {unknown}
                             */
                            minSeverity?: "info" | "warning" | "critical";
                        };
                        /** @description Write-only; stored sealed, never shown again */
                        secrets?: {
                            /** @description email: SMTP password */
                            password?: string;
                            /** @description webhook: HMAC signing key */
                            secret?: string;
                            /** @description slack: incoming webhook URL */
                            url?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            config: {
                                [key: string]: unknown;
                            };
                            createdAt: string;
                            createdBy: string;
                            enabled: boolean;
                            id: string;
                            kind: string;
                            name: string;
                            route: {
                                [key: string]: unknown;
                            };
                            /** @description Which secrets are set (never their values) */
                            secretFields: string[];
                            secretFingerprint: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/alerts/channels/{channel}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One channel (secrets never shown) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 2 to 64 characters; starts with a letter */
                    channel: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            config: {
                                [key: string]: unknown;
                            };
                            createdAt: string;
                            createdBy: string;
                            enabled: boolean;
                            id: string;
                            kind: string;
                            name: string;
                            route: {
                                [key: string]: unknown;
                            };
                            /** @description Which secrets are set (never their values) */
                            secretFields: string[];
                            secretFingerprint: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a channel (its queued notifications fail, logged) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 2 to 64 characters; starts with a letter */
                    channel: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a channel (config merges; secrets given replace those set; route replaces) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 2 to 64 characters; starts with a letter */
                    channel: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        config?: {
                            /**
                             * Format: email
                             * @description email: sender
                             */
                            from?: string;
                            /** @description email: SMTP host */
                            host?: string;
                            /** @description email: SMTP port */
                            port?: number;
                            /**
                             * @description email: starttls (required, default), implicit (SMTPS, port 465) or none (a local relay)
                             * @enum {unknown}
                             */
                            tls?: "starttls" | "implicit" | "none";
                            /** @description email: recipients */
                            to?: string[];
                            /**
                             * Format: uri
                             * @description webhook: the URL CSOC POSTs to
                             */
                            url?: string;
                            /** @description email: SMTP user */
                            username?: string;
                        };
                        enabled?: boolean;
                        /** @description Which alerts the channel receives and how they are grouped */
                        route?: {
                            /** @description Alerts with equal values of these labels go out in one notification (default commons, rule) */
                            groupBy?: string[];
                            /** @description How long a new group waits for more alerts before it is sent (default 30) */
                            groupWaitSeconds?: number;
                            matchers?: {
                                /** @description A label name: letters, digits, _ . -; e.g. commons, severity, team */
                                label: string;
                                /**
                                 * @description = equals, != differs, =~ matches the regular expression (whole value), !~ does not
                                 * @enum {unknown}
                                 */
                                op: "=" | "!=" | "=~" | "!~";
                                value: string;
                            }[];
                            /**
                             * @description info, warning or critical
                             * @enum {unknown}
                             */
                            minSeverity?: "info" | "warning" | "critical";
                        };
                        /** @description Write-only; stored sealed, never shown again */
                        secrets?: {
                            /** @description email: SMTP password */
                            password?: string;
                            /** @description webhook: HMAC signing key */
                            secret?: string;
                            /** @description slack: incoming webhook URL */
                            url?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            config: {
                                [key: string]: unknown;
                            };
                            createdAt: string;
                            createdBy: string;
                            enabled: boolean;
                            id: string;
                            kind: string;
                            name: string;
                            route: {
                                [key: string]: unknown;
                            };
                            /** @description Which secrets are set (never their values) */
                            secretFields: string[];
                            secretFingerprint: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs/{org}/alerts/channels/{channel}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test notification through the channel now, and say how it went (recorded in the delivery log) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 2 to 64 characters; starts with a letter */
                    channel: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            delivered: boolean;
                            error: string | null;
                            notificationId: string;
                            statusCode: number | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/alerts/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every delivery attempt of every notification, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                    /** @description Only the attempts of this notification */
                    notification?: string;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                alertIds: string[];
                                attempt: number;
                                channel: string;
                                /** @description Which CSOC process (or test-send) made the attempt */
                                deliveredBy: string;
                                durationMs: number;
                                error: string | null;
                                id: string;
                                notificationId: string;
                                /** @description delivered, failed or suppressed (silenced) */
                                outcome: string;
                                startedAt: string;
                                statusCode: number | null;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/alerts/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alert rules of the org */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                commons: string | null;
                                createdAt: string;
                                createdBy: string;
                                enabled: boolean;
                                forSeconds: number;
                                id: string;
                                kind: string;
                                labels: {
                                    [key: string]: string;
                                };
                                name: string;
                                params: {
                                    [key: string]: unknown;
                                };
                                severity: string;
                                updatedAt: string;
                                version: number;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a rule: a built-in kind with the kind's defaults, or your thresholds */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Only this commons; every commons when absent */
                        commons?: string | null;
                        /** @default true */
                        enabled?: boolean;
                        /** @description How long the condition must hold before the alert fires (e.g. 300: down for 5 minutes) */
                        forSeconds?: number;
                        /**
                         * @description Which condition the rule watches
                         * @enum {unknown}
                         */
                        kind: "commons-down" | "service-down" | "error-rate" | "latency" | "certificate-expiring" | "drift-detected" | "run-failed" | "deploy-degraded" | "telemetry-silent" | "custom-threshold";
                        /** @description Labels added to every alert of the rule, for routing and silences */
                        labels?: {
                            [key: string]: string;
                        };
                        /** @description Lower-case letters, digits and dashes; 2 to 64 characters; starts with a letter */
                        name: string;
                        params?: {
                            /** @description certificate-expiring: fire below this many days */
                            days?: number;
                            /** @description custom-threshold: the kept metric, e.g. gen3.requests.rate */
                            metric?: string;
                            /** @description telemetry-silent: fire after this many minutes */
                            minutes?: number;
                            /**
                             * @description custom-threshold: comparison
                             * @enum {unknown}
                             */
                            op?: ">" | ">=" | "<" | "<=";
                            /** @description custom-threshold: the value compared with */
                            threshold?: number;
                            /** @description latency: fire above this p95, in ms */
                            thresholdMs?: number;
                            /** @description error-rate: fire above this % of requests */
                            thresholdPercent?: number;
                        };
                        /**
                         * @description info, warning or critical
                         * @enum {unknown}
                         */
                        severity?: "info" | "warning" | "critical";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commons: string | null;
                            createdAt: string;
                            createdBy: string;
                            enabled: boolean;
                            forSeconds: number;
                            id: string;
                            kind: string;
                            labels: {
                                [key: string]: string;
                            };
                            name: string;
                            params: {
                                [key: string]: unknown;
                            };
                            severity: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/alerts/rules/{rule}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert rule */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    /** @description Lower-case letters, digits and dashes; 2 to 64 characters; starts with a letter */
                    rule: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commons: string | null;
                            createdAt: string;
                            createdBy: string;
                            enabled: boolean;
                            forSeconds: number;
                            id: string;
                            kind: string;
                            labels: {
                                [key: string]: string;
                            };
                            name: string;
                            params: {
                                [key: string]: unknown;
                            };
                            severity: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a rule; its open alerts resolve */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    /** @description Lower-case letters, digits and dashes; 2 to 64 characters; starts with a letter */
                    rule: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a rule (disabling it resolves its open alerts) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    /** @description Lower-case letters, digits and dashes; 2 to 64 characters; starts with a letter */
                    rule: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        commons?: string | null;
                        enabled?: boolean;
                        forSeconds?: number;
                        /** @description Labels added to every alert of the rule, for routing and silences */
                        labels?: {
                            [key: string]: string;
                        };
                        params?: {
                            /** @description certificate-expiring: fire below this many days */
                            days?: number;
                            /** @description custom-threshold: the kept metric, e.g. gen3.requests.rate */
                            metric?: string;
                            /** @description telemetry-silent: fire after this many minutes */
                            minutes?: number;
                            /**
                             * @description custom-threshold: comparison
                             * @enum {unknown}
                             */
                            op?: ">" | ">=" | "<" | "<=";
                            /** @description custom-threshold: the value compared with */
                            threshold?: number;
                            /** @description latency: fire above this p95, in ms */
                            thresholdMs?: number;
                            /** @description error-rate: fire above this % of requests */
                            thresholdPercent?: number;
                        };
                        /**
                         * @description info, warning or critical
                         * @enum {unknown}
                         */
                        severity?: "info" | "warning" | "critical";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commons: string | null;
                            createdAt: string;
                            createdBy: string;
                            enabled: boolean;
                            forSeconds: number;
                            id: string;
                            kind: string;
                            labels: {
                                [key: string]: string;
                            };
                            name: string;
                            params: {
                                [key: string]: unknown;
                            };
                            severity: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs/{org}/alerts/silences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Silences and maintenance windows, newest first (ended ones too) */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                active: boolean;
                                comment: string;
                                createdAt: string;
                                createdBy: string;
                                endsAt: string;
                                id: string;
                                kind: string;
                                matchers: {
                                    /** @description A label name: letters, digits, _ . -; e.g. commons, severity, team */
                                    label: string;
                                    /**
                                     * @description = equals, != differs, =~ matches the regular expression (whole value), !~ does not
                                     * @enum {unknown}
                                     */
                                    op: "=" | "!=" | "=~" | "!~";
                                    value: string;
                                }[];
                                startsAt: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Silence the alerts that match (or, kind maintenance, one commons) until endsAt */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Why, for whoever reads it later */
                        comment: string;
                        /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                        commons?: string;
                        /**
                         * Format: date-time
                         * @description When it ends; RFC 3339 with a time zone, e.g. 2026-06-30T12:00:00Z (a leap second, :60, counts as the next second)
                         */
                        endsAt: string;
                        /**
                         * @description maintenance: a planned window for one commons (needs commons); silence by default
                         * @enum {unknown}
                         */
                        kind?: "silence" | "maintenance";
                        matchers?: {
                            /** @description A label name: letters, digits, _ . -; e.g. commons, severity, team */
                            label: string;
                            /**
                             * @description = equals, != differs, =~ matches the regular expression (whole value), !~ does not
                             * @enum {unknown}
                             */
                            op: "=" | "!=" | "=~" | "!~";
                            value: string;
                        }[];
                        /**
                         * Format: date-time
                         * @description When it starts (default now); RFC 3339 with a time zone, e.g. 2026-06-30T12:00:00Z (a leap second, :60, counts as the next second)
                         */
                        startsAt?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            comment: string;
                            createdAt: string;
                            createdBy: string;
                            endsAt: string;
                            id: string;
                            kind: string;
                            matchers: {
                                /** @description A label name: letters, digits, _ . -; e.g. commons, severity, team */
                                label: string;
                                /**
                                 * @description = equals, != differs, =~ matches the regular expression (whole value), !~ does not
                                 * @enum {unknown}
                                 */
                                op: "=" | "!=" | "=~" | "!~";
                                value: string;
                            }[];
                            startsAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/alerts/silences/{silence}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a silence or maintenance window now (it stays in the list, ended) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    /** @description An id from a list */
                    silence: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active: boolean;
                            comment: string;
                            createdAt: string;
                            createdBy: string;
                            endsAt: string;
                            id: string;
                            kind: string;
                            matchers: {
                                /** @description A label name: letters, digits, _ . -; e.g. commons, severity, team */
                                label: string;
                                /**
                                 * @description = equals, != differs, =~ matches the regular expression (whole value), !~ does not
                                 * @enum {unknown}
                                 */
                                op: "=" | "!=" | "=~" | "!~";
                                value: string;
                            }[];
                            startsAt: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The org's audit events, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description Exact action, e.g. run.approve */
                    action?: string;
                    /** @description Actor email/label (substring) or user id */
                    actor?: string;
                    cursor?: string;
                    limit?: number;
                    outcome?: "success" | "failure" | "denied";
                    /** @description Events at or after this time; RFC 3339 with a time zone, e.g. 2026-06-30T12:00:00Z (a leap second, :60, counts as the next second) */
                    since?: string;
                    /** @description Target prefix, e.g. orgs/acme/commons/prod */
                    target?: string;
                    /** @description Events before this time; RFC 3339 with a time zone, e.g. 2026-06-30T12:00:00Z (a leap second, :60, counts as the next second) */
                    until?: string;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string;
                                actor: {
                                    id: string | null;
                                    kind: string;
                                    label: string;
                                };
                                hash: string;
                                id: string;
                                orgId: string | null;
                                outcome: string;
                                requestId: string | null;
                                seq: number;
                                sourceIp: string | null;
                                statusCode: number | null;
                                summary: {
                                    [key: string]: unknown;
                                };
                                target: string;
                                time: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export the org's audit events as JSON Lines */
        get: {
            parameters: {
                query?: {
                    /** @description Exact action, e.g. run.approve */
                    action?: string;
                    /** @description Actor email/label (substring) or user id */
                    actor?: string;
                    outcome?: "success" | "failure" | "denied";
                    /** @description Events at or after this time; RFC 3339 with a time zone, e.g. 2026-06-30T12:00:00Z (a leap second, :60, counts as the next second) */
                    since?: string;
                    /** @description Target prefix, e.g. orgs/acme/commons/prod */
                    target?: string;
                    /** @description Events before this time; RFC 3339 with a time zone, e.g. 2026-06-30T12:00:00Z (a leap second, :60, counts as the next second) */
                    until?: string;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/bulk/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A bulk action's runs as they stand, with what they would change in all */
        get: {
            parameters: {
                query: {
                    /** @description Comma-separated run ids: the bulk action's runs */
                    runs: string;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                commons: string;
                                error: {
                                    code: string;
                                    message: string;
                                } | null;
                                run: {
                                    approvedAt: string | null;
                                    approvedBy: string | null;
                                    attempt: number;
                                    cancelRequested: boolean;
                                    commons: string;
                                    commonsRevision: number;
                                    createdAt: string;
                                    driftDetected: boolean | null;
                                    exitCode: number | null;
                                    finishedAt: string | null;
                                    id: string;
                                    kind: string;
                                    message: string | null;
                                    org: string;
                                    plan: {
                                        resources: ({
                                            action: string;
                                            address: string;
                                        } & {
                                            [key: string]: unknown;
                                        })[];
                                        summary: {
                                            add: number;
                                            change: number;
                                            destroy: number;
                                        };
                                    } | null;
                                    plugin: {
                                        name: string;
                                        version: string;
                                    };
                                    requestedBy: string;
                                    simulated: boolean;
                                    startedAt: string | null;
                                    state: string;
                                    version: number;
                                } | null;
                            }[];
                            summary: {
                                add: number;
                                change: number;
                                /** @description commons in the bulk action */
                                commons: number;
                                destroy: number;
                                /** @description drift checks that found drift */
                                driftDetected: number;
                                /** @description runs that failed, errored, or were cancelled or discarded */
                                failed: number;
                                /** @description runs queued, running or applying */
                                inProgress: number;
                                /** @description commons for which no run could be started */
                                notStarted: number;
                                /** @description plans waiting for approval */
                                planned: number;
                                succeeded: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Start one plan (each approved on its own or in one bulk approval) or drift check per commons */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The commons by name (or labelSelector; one of the two) */
                        commons?: string[];
                        /** @description plan: one plan per commons, each applied only after approval; drift: one drift check each */
                        kind: "plan" | "drift";
                        /** @description The commons whose labels match, as the commons list takes it: env=prod,tier in (large,xl) */
                        labelSelector?: string;
                        message?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                commons: string;
                                error: {
                                    code: string;
                                    message: string;
                                } | null;
                                run: {
                                    approvedAt: string | null;
                                    approvedBy: string | null;
                                    attempt: number;
                                    cancelRequested: boolean;
                                    commons: string;
                                    commonsRevision: number;
                                    createdAt: string;
                                    driftDetected: boolean | null;
                                    exitCode: number | null;
                                    finishedAt: string | null;
                                    id: string;
                                    kind: string;
                                    message: string | null;
                                    org: string;
                                    plan: {
                                        resources: ({
                                            action: string;
                                            address: string;
                                        } & {
                                            [key: string]: unknown;
                                        })[];
                                        summary: {
                                            add: number;
                                            change: number;
                                            destroy: number;
                                        };
                                    } | null;
                                    plugin: {
                                        name: string;
                                        version: string;
                                    };
                                    requestedBy: string;
                                    simulated: boolean;
                                    startedAt: string | null;
                                    state: string;
                                    version: number;
                                } | null;
                            }[];
                            summary: {
                                add: number;
                                change: number;
                                /** @description commons in the bulk action */
                                commons: number;
                                destroy: number;
                                /** @description drift checks that found drift */
                                driftDetected: number;
                                /** @description runs that failed, errored, or were cancelled or discarded */
                                failed: number;
                                /** @description runs queued, running or applying */
                                inProgress: number;
                                /** @description commons for which no run could be started */
                                notStarted: number;
                                /** @description plans waiting for approval */
                                planned: number;
                                succeeded: number;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/bulk/runs/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve every plan listed (each as read: id and version); each is approved, checked and audited on its own */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description every plan approved, as read */
                        runs: {
                            id: string;
                            /** @description the version of the run the approver read: a plan that changed since is not approved */
                            version: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                commons: string;
                                error: {
                                    code: string;
                                    message: string;
                                } | null;
                                run: {
                                    approvedAt: string | null;
                                    approvedBy: string | null;
                                    attempt: number;
                                    cancelRequested: boolean;
                                    commons: string;
                                    commonsRevision: number;
                                    createdAt: string;
                                    driftDetected: boolean | null;
                                    exitCode: number | null;
                                    finishedAt: string | null;
                                    id: string;
                                    kind: string;
                                    message: string | null;
                                    org: string;
                                    plan: {
                                        resources: ({
                                            action: string;
                                            address: string;
                                        } & {
                                            [key: string]: unknown;
                                        })[];
                                        summary: {
                                            add: number;
                                            change: number;
                                            destroy: number;
                                        };
                                    } | null;
                                    plugin: {
                                        name: string;
                                        version: string;
                                    };
                                    requestedBy: string;
                                    simulated: boolean;
                                    startedAt: string | null;
                                    state: string;
                                    version: number;
                                } | null;
                            }[];
                            summary: {
                                add: number;
                                change: number;
                                /** @description commons in the bulk action */
                                commons: number;
                                destroy: number;
                                /** @description drift checks that found drift */
                                driftDetected: number;
                                /** @description runs that failed, errored, or were cancelled or discarded */
                                failed: number;
                                /** @description runs queued, running or applying */
                                inProgress: number;
                                /** @description commons for which no run could be started */
                                notStarted: number;
                                /** @description plans waiting for approval */
                                planned: number;
                                succeeded: number;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The org's commons */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    environment?: "dev" | "staging" | "prod";
                    /** @description Kubernetes label selector: env=prod,tier in (large,xl),env!=dev,tier notin (small),backup,!legacy */
                    labelSelector?: string;
                    limit?: number;
                    /** @description name contains */
                    q?: string;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @enum {string} */
                                apiVersion: "csoc.gen3.org/v1";
                                createdAt: string;
                                id: string;
                                /** @enum {string} */
                                kind: "Commons";
                                metadata: {
                                    labels?: {
                                        [key: string]: string;
                                    };
                                    name: string;
                                    org: string;
                                };
                                spec: {
                                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                                    account: string;
                                    environment: "dev" | "staging" | "prod";
                                    gen3?: {
                                        branding?: {
                                            appName?: string;
                                            logoUrl?: string;
                                            primaryColor?: string;
                                        };
                                        dictionaryUrl?: string;
                                        guidPrefix?: string;
                                        /** @description public DNS name of the commons */
                                        hostname: string;
                                        loginProviders?: {
                                            clientId: string;
                                            /** @description name of the vault secret holding the client secret (never the secret itself) */
                                            clientSecretRef?: string;
                                            /** Format: uri */
                                            discoveryUrl?: string;
                                            displayName?: string;
                                            /** @description google, ras, microsoft, okta, orcid, cilogon or generic-oidc (e.g. Keycloak) */
                                            kind: "google" | "ras" | "microsoft" | "okta" | "orcid" | "cilogon" | "generic-oidc";
                                            /** @description fence provider id */
                                            name: string;
                                        }[];
                                        /** @description Gen3 release YYYY.MM */
                                        release: string;
                                        /** @description per-chart values merged last; at most 24 levels deep */
                                        serviceOverrides?: {
                                            [key: string]: {
                                                [key: string]: unknown;
                                            };
                                        };
                                        /** @description enabled gen3-helm charts; default: the core set */
                                        services?: string[];
                                        tierAccessLevel?: "libre" | "regular" | "private";
                                        userYamlSource?: string;
                                    };
                                    /** @description validated against the plugin's inputs schema */
                                    inputs: {
                                        [key: string]: unknown;
                                    };
                                    plugin: {
                                        name: string;
                                        /** @description default: the newest enabled version, then pinned */
                                        version?: string;
                                    };
                                };
                                status: {
                                    deletionRequestedBy: string | null;
                                    /** @description none | provisioned | destroyed */
                                    infrastructure: string;
                                    lastRun: {
                                        createdAt: string;
                                        id: string;
                                        kind: string;
                                        state: string;
                                    } | null;
                                    outputs: {
                                        [key: string]: unknown;
                                    };
                                    revision: number;
                                    simulated: boolean;
                                };
                                updatedAt: string;
                                version: number;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a commons from its declarative document */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        apiVersion: "csoc.gen3.org/v1";
                        /** @enum {string} */
                        kind: "Commons";
                        /** @description why: recorded on the revision */
                        message?: string;
                        metadata: {
                            labels?: {
                                [key: string]: string;
                            };
                            /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                            name: string;
                            /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                            org?: string;
                        };
                        spec: {
                            /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                            account: string;
                            environment: "dev" | "staging" | "prod";
                            gen3?: {
                                branding?: {
                                    appName?: string;
                                    logoUrl?: string;
                                    primaryColor?: string;
                                };
                                dictionaryUrl?: string;
                                guidPrefix?: string;
                                /** @description public DNS name of the commons */
                                hostname: string;
                                loginProviders?: {
                                    clientId: string;
                                    /** @description name of the vault secret holding the client secret (never the secret itself) */
                                    clientSecretRef?: string;
                                    /** Format: uri */
                                    discoveryUrl?: string;
                                    displayName?: string;
                                    /** @description google, ras, microsoft, okta, orcid, cilogon or generic-oidc (e.g. Keycloak) */
                                    kind: "google" | "ras" | "microsoft" | "okta" | "orcid" | "cilogon" | "generic-oidc";
                                    /** @description fence provider id */
                                    name: string;
                                }[];
                                /** @description Gen3 release YYYY.MM */
                                release: string;
                                /** @description per-chart values merged last; at most 24 levels deep */
                                serviceOverrides?: {
                                    [key: string]: {
                                        [key: string]: unknown;
                                    };
                                };
                                /** @description enabled gen3-helm charts; default: the core set */
                                services?: string[];
                                tierAccessLevel?: "libre" | "regular" | "private";
                                userYamlSource?: string;
                            };
                            /** @description validated against the plugin's inputs schema */
                            inputs: {
                                [key: string]: unknown;
                            };
                            plugin: {
                                name: string;
                                /** @description default: the newest enabled version, then pinned */
                                version?: string;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            apiVersion: "csoc.gen3.org/v1";
                            createdAt: string;
                            id: string;
                            /** @enum {string} */
                            kind: "Commons";
                            metadata: {
                                labels?: {
                                    [key: string]: string;
                                };
                                name: string;
                                org: string;
                            };
                            spec: {
                                /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                                account: string;
                                environment: "dev" | "staging" | "prod";
                                gen3?: {
                                    branding?: {
                                        appName?: string;
                                        logoUrl?: string;
                                        primaryColor?: string;
                                    };
                                    dictionaryUrl?: string;
                                    guidPrefix?: string;
                                    /** @description public DNS name of the commons */
                                    hostname: string;
                                    loginProviders?: {
                                        clientId: string;
                                        /** @description name of the vault secret holding the client secret (never the secret itself) */
                                        clientSecretRef?: string;
                                        /** Format: uri */
                                        discoveryUrl?: string;
                                        displayName?: string;
                                        /** @description google, ras, microsoft, okta, orcid, cilogon or generic-oidc (e.g. Keycloak) */
                                        kind: "google" | "ras" | "microsoft" | "okta" | "orcid" | "cilogon" | "generic-oidc";
                                        /** @description fence provider id */
                                        name: string;
                                    }[];
                                    /** @description Gen3 release YYYY.MM */
                                    release: string;
                                    /** @description per-chart values merged last; at most 24 levels deep */
                                    serviceOverrides?: {
                                        [key: string]: {
                                            [key: string]: unknown;
                                        };
                                    };
                                    /** @description enabled gen3-helm charts; default: the core set */
                                    services?: string[];
                                    tierAccessLevel?: "libre" | "regular" | "private";
                                    userYamlSource?: string;
                                };
                                /** @description validated against the plugin's inputs schema */
                                inputs: {
                                    [key: string]: unknown;
                                };
                                plugin: {
                                    name: string;
                                    /** @description default: the newest enabled version, then pinned */
                                    version?: string;
                                };
                            };
                            status: {
                                deletionRequestedBy: string | null;
                                /** @description none | provisioned | destroyed */
                                infrastructure: string;
                                lastRun: {
                                    createdAt: string;
                                    id: string;
                                    kind: string;
                                    state: string;
                                } | null;
                                outputs: {
                                    [key: string]: unknown;
                                };
                                revision: number;
                                simulated: boolean;
                            };
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One commons: its document and status */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            apiVersion: "csoc.gen3.org/v1";
                            createdAt: string;
                            id: string;
                            /** @enum {string} */
                            kind: "Commons";
                            metadata: {
                                labels?: {
                                    [key: string]: string;
                                };
                                name: string;
                                org: string;
                            };
                            spec: {
                                /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                                account: string;
                                environment: "dev" | "staging" | "prod";
                                gen3?: {
                                    branding?: {
                                        appName?: string;
                                        logoUrl?: string;
                                        primaryColor?: string;
                                    };
                                    dictionaryUrl?: string;
                                    guidPrefix?: string;
                                    /** @description public DNS name of the commons */
                                    hostname: string;
                                    loginProviders?: {
                                        clientId: string;
                                        /** @description name of the vault secret holding the client secret (never the secret itself) */
                                        clientSecretRef?: string;
                                        /** Format: uri */
                                        discoveryUrl?: string;
                                        displayName?: string;
                                        /** @description google, ras, microsoft, okta, orcid, cilogon or generic-oidc (e.g. Keycloak) */
                                        kind: "google" | "ras" | "microsoft" | "okta" | "orcid" | "cilogon" | "generic-oidc";
                                        /** @description fence provider id */
                                        name: string;
                                    }[];
                                    /** @description Gen3 release YYYY.MM */
                                    release: string;
                                    /** @description per-chart values merged last; at most 24 levels deep */
                                    serviceOverrides?: {
                                        [key: string]: {
                                            [key: string]: unknown;
                                        };
                                    };
                                    /** @description enabled gen3-helm charts; default: the core set */
                                    services?: string[];
                                    tierAccessLevel?: "libre" | "regular" | "private";
                                    userYamlSource?: string;
                                };
                                /** @description validated against the plugin's inputs schema */
                                inputs: {
                                    [key: string]: unknown;
                                };
                                plugin: {
                                    name: string;
                                    /** @description default: the newest enabled version, then pinned */
                                    version?: string;
                                };
                            };
                            status: {
                                deletionRequestedBy: string | null;
                                /** @description none | provisioned | destroyed */
                                infrastructure: string;
                                lastRun: {
                                    createdAt: string;
                                    id: string;
                                    kind: string;
                                    state: string;
                                } | null;
                                outputs: {
                                    [key: string]: unknown;
                                };
                                revision: number;
                                simulated: boolean;
                            };
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        /** Replace the document (send If-Match); a changed spec makes a new revision */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        apiVersion: "csoc.gen3.org/v1";
                        /** @enum {string} */
                        kind: "Commons";
                        /** @description why: recorded on the revision */
                        message?: string;
                        metadata: {
                            labels?: {
                                [key: string]: string;
                            };
                            /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                            name: string;
                            /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                            org?: string;
                        };
                        spec: {
                            /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                            account: string;
                            environment: "dev" | "staging" | "prod";
                            gen3?: {
                                branding?: {
                                    appName?: string;
                                    logoUrl?: string;
                                    primaryColor?: string;
                                };
                                dictionaryUrl?: string;
                                guidPrefix?: string;
                                /** @description public DNS name of the commons */
                                hostname: string;
                                loginProviders?: {
                                    clientId: string;
                                    /** @description name of the vault secret holding the client secret (never the secret itself) */
                                    clientSecretRef?: string;
                                    /** Format: uri */
                                    discoveryUrl?: string;
                                    displayName?: string;
                                    /** @description google, ras, microsoft, okta, orcid, cilogon or generic-oidc (e.g. Keycloak) */
                                    kind: "google" | "ras" | "microsoft" | "okta" | "orcid" | "cilogon" | "generic-oidc";
                                    /** @description fence provider id */
                                    name: string;
                                }[];
                                /** @description Gen3 release YYYY.MM */
                                release: string;
                                /** @description per-chart values merged last; at most 24 levels deep */
                                serviceOverrides?: {
                                    [key: string]: {
                                        [key: string]: unknown;
                                    };
                                };
                                /** @description enabled gen3-helm charts; default: the core set */
                                services?: string[];
                                tierAccessLevel?: "libre" | "regular" | "private";
                                userYamlSource?: string;
                            };
                            /** @description validated against the plugin's inputs schema */
                            inputs: {
                                [key: string]: unknown;
                            };
                            plugin: {
                                name: string;
                                /** @description default: the newest enabled version, then pinned */
                                version?: string;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            apiVersion: "csoc.gen3.org/v1";
                            createdAt: string;
                            id: string;
                            /** @enum {string} */
                            kind: "Commons";
                            metadata: {
                                labels?: {
                                    [key: string]: string;
                                };
                                name: string;
                                org: string;
                            };
                            spec: {
                                /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                                account: string;
                                environment: "dev" | "staging" | "prod";
                                gen3?: {
                                    branding?: {
                                        appName?: string;
                                        logoUrl?: string;
                                        primaryColor?: string;
                                    };
                                    dictionaryUrl?: string;
                                    guidPrefix?: string;
                                    /** @description public DNS name of the commons */
                                    hostname: string;
                                    loginProviders?: {
                                        clientId: string;
                                        /** @description name of the vault secret holding the client secret (never the secret itself) */
                                        clientSecretRef?: string;
                                        /** Format: uri */
                                        discoveryUrl?: string;
                                        displayName?: string;
                                        /** @description google, ras, microsoft, okta, orcid, cilogon or generic-oidc (e.g. Keycloak) */
                                        kind: "google" | "ras" | "microsoft" | "okta" | "orcid" | "cilogon" | "generic-oidc";
                                        /** @description fence provider id */
                                        name: string;
                                    }[];
                                    /** @description Gen3 release YYYY.MM */
                                    release: string;
                                    /** @description per-chart values merged last; at most 24 levels deep */
                                    serviceOverrides?: {
                                        [key: string]: {
                                            [key: string]: unknown;
                                        };
                                    };
                                    /** @description enabled gen3-helm charts; default: the core set */
                                    services?: string[];
                                    tierAccessLevel?: "libre" | "regular" | "private";
                                    userYamlSource?: string;
                                };
                                /** @description validated against the plugin's inputs schema */
                                inputs: {
                                    [key: string]: unknown;
                                };
                                plugin: {
                                    name: string;
                                    /** @description default: the newest enabled version, then pinned */
                                    version?: string;
                                };
                            };
                            status: {
                                deletionRequestedBy: string | null;
                                /** @description none | provisioned | destroyed */
                                infrastructure: string;
                                lastRun: {
                                    createdAt: string;
                                    id: string;
                                    kind: string;
                                    state: string;
                                } | null;
                                outputs: {
                                    [key: string]: unknown;
                                };
                                revision: number;
                                simulated: boolean;
                            };
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Delete a commons whose infrastructure is destroyed; type its name in ?confirm=. A prod commons needs the same call from a second person. */
        delete: {
            parameters: {
                query: {
                    confirm: string;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            requestedBy: string;
                            /** @enum {string} */
                            status: "awaiting_second_approval";
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/agent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The commons' csoc-agent: enrolled or not, connected to this CSOC, last seen, version */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agentId: string | null;
                            commons: string;
                            /** @description whether the agent holds a connection to this CSOC replica */
                            connected: boolean;
                            enrolled: boolean;
                            enrolledAt: string | null;
                            lastSeenAt: string | null;
                            revokedAt: string | null;
                            status: "active" | "revoked" | null;
                            version: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Revoke the commons' csoc-agent: its connection closes at once and it gets no new credential */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/agent/join-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a one-use join token (24 h) for the commons' csoc-agent; shown once. Enrolling replaces the commons' current agent. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commons: string;
                            /** @description the CSOC_URL the agent dials */
                            csocUrl: string;
                            expiresAt: string;
                            /** @description the join token, shown this once: put it in the cloud secret manager entry csoc-agent-join-token of the commons */
                            token: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/cluster/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The newest 100 actions of the commons, newest first (without output) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            actions: {
                                /** @description restart a Deployment; run usersync, ETL, the database migration or a chart CronJob now */
                                action: "restart" | "usersync" | "etl" | "db-migrate" | "cronjob";
                                approvedBy: string | null;
                                commons: string;
                                createdAt: string;
                                finishedAt: string | null;
                                id: string;
                                job: string | null;
                                /** @description bytes of output so far (the last 64 KiB are kept) */
                                outputBytes: number;
                                requestedBy: string;
                                result: string | null;
                                startedAt: string | null;
                                state: "pending-approval" | "running" | "succeeded" | "failed";
                                target: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Run a Gen3 operation through the commons' agent: restart a Deployment, usersync, etl, db-migrate, or a chart CronJob now. Type the commons' name in confirm. A prod commons may need a second person (state pending-approval). */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description restart a Deployment; run usersync, ETL, the database migration or a chart CronJob now */
                        action: "restart" | "usersync" | "etl" | "db-migrate" | "cronjob";
                        /** @description the commons' name, typed to confirm */
                        confirm: string;
                        /** @description the Deployment (restart) or CronJob (cronjob) to act on; not used by the other actions */
                        target?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description restart a Deployment; run usersync, ETL, the database migration or a chart CronJob now */
                            action: "restart" | "usersync" | "etl" | "db-migrate" | "cronjob";
                            approvedBy: string | null;
                            commons: string;
                            createdAt: string;
                            finishedAt: string | null;
                            id: string;
                            job: string | null;
                            /** @description the last 64 KiB of the output */
                            output: string;
                            /** @description bytes of output so far (the last 64 KiB are kept) */
                            outputBytes: number;
                            requestedBy: string;
                            result: string | null;
                            startedAt: string | null;
                            state: "pending-approval" | "running" | "succeeded" | "failed";
                            target: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/cluster/actions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One action with the last 64 KiB of its output */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    id: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description restart a Deployment; run usersync, ETL, the database migration or a chart CronJob now */
                            action: "restart" | "usersync" | "etl" | "db-migrate" | "cronjob";
                            approvedBy: string | null;
                            commons: string;
                            createdAt: string;
                            finishedAt: string | null;
                            id: string;
                            job: string | null;
                            /** @description the last 64 KiB of the output */
                            output: string;
                            /** @description bytes of output so far (the last 64 KiB are kept) */
                            outputBytes: number;
                            requestedBy: string;
                            result: string | null;
                            startedAt: string | null;
                            state: "pending-approval" | "running" | "succeeded" | "failed";
                            target: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/cluster/actions/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve another person's action waiting for a second person; it starts at once. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    id: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description restart a Deployment; run usersync, ETL, the database migration or a chart CronJob now */
                            action: "restart" | "usersync" | "etl" | "db-migrate" | "cronjob";
                            approvedBy: string | null;
                            commons: string;
                            createdAt: string;
                            finishedAt: string | null;
                            id: string;
                            job: string | null;
                            /** @description the last 64 KiB of the output */
                            output: string;
                            /** @description bytes of output so far (the last 64 KiB are kept) */
                            outputBytes: number;
                            requestedBy: string;
                            result: string | null;
                            startedAt: string | null;
                            state: "pending-approval" | "running" | "succeeded" | "failed";
                            target: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/cluster/actions/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live output as server-sent events: `state` ({state}), `output` ({text}, id = bytes so far; send Last-Event-ID to resume), `trimmed` when older output is gone, then one `end` ({state, result}) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    id: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description server-sent events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/cluster/argocd": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Argo CD applications as the cluster's own Argo CD sees them, through the commons' agent */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            applications: {
                                /** @description Healthy, Progressing, Degraded, Suspended, Missing or Unknown */
                                health: string;
                                message?: string;
                                name: string;
                                revision?: string;
                                /** @description Synced, OutOfSync or Unknown */
                                sync: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/cluster/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The newest events of the commons' namespace (at most 500; total says how many there are), through the commons' agent */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: {
                                count: number;
                                /** @description RFC 3339 time */
                                lastSeen: string;
                                message: string;
                                object: {
                                    kind: string;
                                    name: string;
                                };
                                reason: string;
                                /** @description Normal or Warning */
                                type: string;
                            }[];
                            /** @description events in the namespace; more than shown when cut (ADR 0081) */
                            total?: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/cluster/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** CPU and memory of each pod (when the metrics API exists), through the commons' agent */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description false when the cluster has no metrics API (metrics-server) */
                            available: boolean;
                            pods: {
                                cpuMillicores: number;
                                memoryBytes: number;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/cluster/pods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pods with phase, restarts and last termination reason, through the commons' agent, a page at a time */
        get: {
            parameters: {
                query?: {
                    /** @description the nextCursor of the previous page */
                    cursor?: string;
                    /** @description at most this many (default 200); a page may hold fewer so that it fits the agent link */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ask again with cursor=this for the next page; absent on the last page */
                            nextCursor?: string;
                            pods: {
                                containers: {
                                    image: string;
                                    lastTerminationReason?: string;
                                    name: string;
                                    ready: boolean;
                                    restarts: number;
                                }[];
                                name: string;
                                node?: string;
                                owner?: {
                                    kind: string;
                                    name: string;
                                };
                                /** @description Pending, Running, Succeeded, Failed or Unknown */
                                phase: string;
                                ready: boolean;
                                restarts: number;
                                /** @description RFC 3339 time */
                                startedAt?: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/cluster/pods/{pod}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A pod's log as server-sent events: `log` events carry text chunks, then one `end` ({ended}) or `error` ({code, message}, e.g. agent_disconnected) */
        get: {
            parameters: {
                query?: {
                    container?: string;
                    /** @description keep the stream open and send new lines as they come */
                    follow?: boolean;
                    sinceSeconds?: number;
                    tailLines?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    pod: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/cluster/workloads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Deployments, StatefulSets, Jobs and CronJobs with ready counts and images, through the commons' agent, a page at a time */
        get: {
            parameters: {
                query?: {
                    /** @description the nextCursor of the previous page */
                    cursor?: string;
                    /** @description at most this many (default 200); a page may hold fewer so that it fits the agent link */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description ask again with cursor=this for the next page; absent on the last page */
                            nextCursor?: string;
                            workloads: {
                                active?: number;
                                desired: number;
                                failed?: number;
                                images: string[];
                                kind: "Deployment" | "StatefulSet" | "Job" | "CronJob";
                                /** @description RFC 3339 time */
                                lastScheduleTime?: string;
                                name: string;
                                ready: number;
                                schedule?: string;
                                succeeded?: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/deploys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Deploys of the commons, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                commit: string | null;
                                commons: string;
                                createdAt: string;
                                finishedAt: string | null;
                                id: string;
                                message: string;
                                release: string;
                                requestedBy: string;
                                revision: number;
                                simulated: boolean;
                                status: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Deploy the commons' current revision: render, commit and push the GitOps files, then follow Argo CD (send If-Match to pin the revision you reviewed) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description added to the commit message */
                        message?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commit: string | null;
                            commons: string;
                            createdAt: string;
                            /** @description unified diff of the commit */
                            diff: string;
                            /** @description <org>/<commons> */
                            directory: string;
                            finishedAt: string | null;
                            id: string;
                            message: string;
                            release: string;
                            /** @description the GitOps repository URL (no credentials) */
                            repository: string;
                            requestedBy: string;
                            revision: number;
                            simulated: boolean;
                            status: string;
                            timeline: {
                                at: string;
                                message: string;
                                status: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/deploys/{deployId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One deploy: its commit, diff and timeline */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    deployId: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commit: string | null;
                            commons: string;
                            createdAt: string;
                            /** @description unified diff of the commit */
                            diff: string;
                            /** @description <org>/<commons> */
                            directory: string;
                            finishedAt: string | null;
                            id: string;
                            message: string;
                            release: string;
                            /** @description the GitOps repository URL (no credentials) */
                            repository: string;
                            requestedBy: string;
                            revision: number;
                            simulated: boolean;
                            status: string;
                            timeline: {
                                at: string;
                                message: string;
                                status: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/deploys/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Render the current revision and show the diff against the GitOps repository; commits nothing */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the branch tip the diff is against */
                            base: string | null;
                            changed: boolean;
                            commons: string;
                            diff: string;
                            directory: string;
                            /** @description rendered files (no secret values) */
                            files: {
                                [key: string]: string;
                            };
                            release: string;
                            repository: string;
                            revision: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Compare any two revisions */
        get: {
            parameters: {
                query: {
                    from: number;
                    to: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changes: {
                                from?: unknown;
                                op: string;
                                path: string;
                                to?: unknown;
                            }[];
                            from: number;
                            to: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health of a commons and of each Gen3 service, with the reasons, and its uptime */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the last probe; null when never probed */
                            checkedAt: string | null;
                            commons: string;
                            probeLatencyMs: number | null;
                            reasons: {
                                kind: "probe" | "argocd" | "deploy" | "run" | "drift";
                                message: string;
                            }[];
                            services: {
                                httpStatus: number | null;
                                latencyMs: number | null;
                                /** @description why it is not healthy; empty when it is */
                                reason: string;
                                /** @description the Gen3 chart, e.g. fence */
                                service: string;
                                /** @description when it entered this state */
                                since: string;
                                /** @description healthy: every check passes; degraded: it serves, with problems; down: it does not serve; unknown: no recent probe */
                                state: "healthy" | "degraded" | "down" | "unknown";
                            }[];
                            /** @description when the deploy, Argo CD and run signals this health includes were read; a client waiting for the health after a change (a finished deploy) waits until signalsAt is later than the change */
                            signalsAt: string | null;
                            since: string | null;
                            /** @description true when no probe ran for three intervals (shown as unknown) */
                            stale: boolean;
                            /** @description healthy: every check passes; degraded: it serves, with problems; down: it does not serve; unknown: no recent probe */
                            state: "healthy" | "degraded" | "down" | "unknown";
                            uptime: {
                                /** @description share of the last 30 days not down, 0-1 */
                                last30: number | null;
                                /** @description share of the last 90 days not down, 0-1 */
                                last90: number | null;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A commons' incidents (the commons and its services), newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                    /** @description true: only ongoing incidents; false: only ended ones */
                    open?: boolean;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                cause: string;
                                commons: string;
                                /** @description null while it lasts */
                                endedAt: string | null;
                                id: string;
                                /** @description null: the commons as a whole */
                                service: string | null;
                                startedAt: string;
                                /** @description healthy: every check passes; degraded: it serves, with problems; down: it does not serve; unknown: no recent probe */
                                state: "healthy" | "degraded" | "down" | "unknown";
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/incidents/{incident}/updates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The updates operators posted to an incident, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description an incident id, as GET /orgs/:org/commons/:commons/incidents lists them */
                    incident: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                incidentId: string;
                                message: string;
                                postedAt: string;
                                postedBy: string;
                                /** @description where the operators are with the incident */
                                status: "investigating" | "identified" | "monitoring" | "resolved";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Post an update to an incident (public: shown on the commons' status page and feed) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description an incident id, as GET /orgs/:org/commons/:commons/incidents lists them */
                    incident: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description public text shown on the status page and in its feed */
                        message: string;
                        /** @description where the operators are with the incident */
                        status: "investigating" | "identified" | "monitoring" | "resolved";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            incidentId: string;
                            message: string;
                            postedAt: string;
                            postedBy: string;
                            /** @description where the operators are with the incident */
                            status: "investigating" | "identified" | "monitoring" | "resolved";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/revisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Revision history, newest first, each with its diff from the one before */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                author: string;
                                /** @description diff from the previous revision */
                                changes: {
                                    from?: unknown;
                                    op: string;
                                    path: string;
                                    to?: unknown;
                                }[];
                                createdAt: string;
                                message: string;
                                number: number;
                                spec: {
                                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                                    account: string;
                                    environment: "dev" | "staging" | "prod";
                                    gen3?: {
                                        branding?: {
                                            appName?: string;
                                            logoUrl?: string;
                                            primaryColor?: string;
                                        };
                                        dictionaryUrl?: string;
                                        guidPrefix?: string;
                                        /** @description public DNS name of the commons */
                                        hostname: string;
                                        loginProviders?: {
                                            clientId: string;
                                            /** @description name of the vault secret holding the client secret (never the secret itself) */
                                            clientSecretRef?: string;
                                            /** Format: uri */
                                            discoveryUrl?: string;
                                            displayName?: string;
                                            /** @description google, ras, microsoft, okta, orcid, cilogon or generic-oidc (e.g. Keycloak) */
                                            kind: "google" | "ras" | "microsoft" | "okta" | "orcid" | "cilogon" | "generic-oidc";
                                            /** @description fence provider id */
                                            name: string;
                                        }[];
                                        /** @description Gen3 release YYYY.MM */
                                        release: string;
                                        /** @description per-chart values merged last; at most 24 levels deep */
                                        serviceOverrides?: {
                                            [key: string]: {
                                                [key: string]: unknown;
                                            };
                                        };
                                        /** @description enabled gen3-helm charts; default: the core set */
                                        services?: string[];
                                        tierAccessLevel?: "libre" | "regular" | "private";
                                        userYamlSource?: string;
                                    };
                                    /** @description validated against the plugin's inputs schema */
                                    inputs: {
                                        [key: string]: unknown;
                                    };
                                    plugin: {
                                        name: string;
                                        /** @description default: the newest enabled version, then pinned */
                                        version?: string;
                                    };
                                };
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/revisions/{revision}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One revision */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    revision: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            author: string;
                            /** @description diff from the previous revision */
                            changes: {
                                from?: unknown;
                                op: string;
                                path: string;
                                to?: unknown;
                            }[];
                            createdAt: string;
                            message: string;
                            number: number;
                            spec: {
                                /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                                account: string;
                                environment: "dev" | "staging" | "prod";
                                gen3?: {
                                    branding?: {
                                        appName?: string;
                                        logoUrl?: string;
                                        primaryColor?: string;
                                    };
                                    dictionaryUrl?: string;
                                    guidPrefix?: string;
                                    /** @description public DNS name of the commons */
                                    hostname: string;
                                    loginProviders?: {
                                        clientId: string;
                                        /** @description name of the vault secret holding the client secret (never the secret itself) */
                                        clientSecretRef?: string;
                                        /** Format: uri */
                                        discoveryUrl?: string;
                                        displayName?: string;
                                        /** @description google, ras, microsoft, okta, orcid, cilogon or generic-oidc (e.g. Keycloak) */
                                        kind: "google" | "ras" | "microsoft" | "okta" | "orcid" | "cilogon" | "generic-oidc";
                                        /** @description fence provider id */
                                        name: string;
                                    }[];
                                    /** @description Gen3 release YYYY.MM */
                                    release: string;
                                    /** @description per-chart values merged last; at most 24 levels deep */
                                    serviceOverrides?: {
                                        [key: string]: {
                                            [key: string]: unknown;
                                        };
                                    };
                                    /** @description enabled gen3-helm charts; default: the core set */
                                    services?: string[];
                                    tierAccessLevel?: "libre" | "regular" | "private";
                                    userYamlSource?: string;
                                };
                                /** @description validated against the plugin's inputs schema */
                                inputs: {
                                    [key: string]: unknown;
                                };
                                plugin: {
                                    name: string;
                                    /** @description default: the newest enabled version, then pinned */
                                    version?: string;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/revisions/{revision}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore an old revision as a new one (send If-Match) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    revision: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            apiVersion: "csoc.gen3.org/v1";
                            createdAt: string;
                            id: string;
                            /** @enum {string} */
                            kind: "Commons";
                            metadata: {
                                labels?: {
                                    [key: string]: string;
                                };
                                name: string;
                                org: string;
                            };
                            spec: {
                                /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                                account: string;
                                environment: "dev" | "staging" | "prod";
                                gen3?: {
                                    branding?: {
                                        appName?: string;
                                        logoUrl?: string;
                                        primaryColor?: string;
                                    };
                                    dictionaryUrl?: string;
                                    guidPrefix?: string;
                                    /** @description public DNS name of the commons */
                                    hostname: string;
                                    loginProviders?: {
                                        clientId: string;
                                        /** @description name of the vault secret holding the client secret (never the secret itself) */
                                        clientSecretRef?: string;
                                        /** Format: uri */
                                        discoveryUrl?: string;
                                        displayName?: string;
                                        /** @description google, ras, microsoft, okta, orcid, cilogon or generic-oidc (e.g. Keycloak) */
                                        kind: "google" | "ras" | "microsoft" | "okta" | "orcid" | "cilogon" | "generic-oidc";
                                        /** @description fence provider id */
                                        name: string;
                                    }[];
                                    /** @description Gen3 release YYYY.MM */
                                    release: string;
                                    /** @description per-chart values merged last; at most 24 levels deep */
                                    serviceOverrides?: {
                                        [key: string]: {
                                            [key: string]: unknown;
                                        };
                                    };
                                    /** @description enabled gen3-helm charts; default: the core set */
                                    services?: string[];
                                    tierAccessLevel?: "libre" | "regular" | "private";
                                    userYamlSource?: string;
                                };
                                /** @description validated against the plugin's inputs schema */
                                inputs: {
                                    [key: string]: unknown;
                                };
                                plugin: {
                                    name: string;
                                    /** @description default: the newest enabled version, then pinned */
                                    version?: string;
                                };
                            };
                            status: {
                                deletionRequestedBy: string | null;
                                /** @description none | provisioned | destroyed */
                                infrastructure: string;
                                lastRun: {
                                    createdAt: string;
                                    id: string;
                                    kind: string;
                                    state: string;
                                } | null;
                                outputs: {
                                    [key: string]: unknown;
                                };
                                revision: number;
                                simulated: boolean;
                            };
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A commons' runs, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    state?: "queued" | "running" | "planned" | "applying" | "succeeded" | "failed" | "cancelled" | "discarded" | "errored";
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                approvedAt: string | null;
                                approvedBy: string | null;
                                attempt: number;
                                cancelRequested: boolean;
                                commons: string;
                                commonsRevision: number;
                                createdAt: string;
                                driftDetected: boolean | null;
                                exitCode: number | null;
                                finishedAt: string | null;
                                id: string;
                                kind: string;
                                message: string | null;
                                org: string;
                                plan: {
                                    resources: ({
                                        action: string;
                                        address: string;
                                    } & {
                                        [key: string]: unknown;
                                    })[];
                                    summary: {
                                        add: number;
                                        change: number;
                                        destroy: number;
                                    };
                                } | null;
                                plugin: {
                                    name: string;
                                    version: string;
                                };
                                requestedBy: string;
                                simulated: boolean;
                                startedAt: string | null;
                                state: string;
                                version: number;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Start a run: plan (applied after approval), destroy, or drift check */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description plan: plan then apply after approval; destroy: plan a destroy then apply it after approval; drift: refresh-only check */
                        kind?: "plan" | "destroy" | "drift";
                        message?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approvedAt: string | null;
                            approvedBy: string | null;
                            attempt: number;
                            cancelRequested: boolean;
                            commons: string;
                            commonsRevision: number;
                            createdAt: string;
                            driftDetected: boolean | null;
                            exitCode: number | null;
                            finishedAt: string | null;
                            id: string;
                            kind: string;
                            message: string | null;
                            org: string;
                            plan: {
                                resources: ({
                                    action: string;
                                    address: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                summary: {
                                    add: number;
                                    change: number;
                                    destroy: number;
                                };
                            } | null;
                            plugin: {
                                name: string;
                                version: string;
                            };
                            requestedBy: string;
                            simulated: boolean;
                            startedAt: string | null;
                            state: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/state/lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who holds the state lock, if anyone */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            info?: {
                                [key: string]: unknown;
                            };
                            locked: boolean;
                            lockId?: string;
                            runId?: string | null;
                            since?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Force-unlock the state (admins; audited) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            info?: {
                                [key: string]: unknown;
                            };
                            locked: boolean;
                            lockId?: string;
                            runId?: string | null;
                            since?: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/state/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The resources of the current state: addresses, instances, providers, dependencies (never attribute values) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string | null;
                            resources: {
                                address: string;
                                /** @description addresses of resources in this state it depends on */
                                dependsOn: string[];
                                instances: string[];
                                mode: "managed" | "data";
                                module: string | null;
                                name: string;
                                provider: string;
                                type: string;
                            }[];
                            /** @description the current state version; null: none yet */
                            serial: number | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/state/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** State versions, newest first (metadata only) */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description sha256 of the state document */
                                checksum: string;
                                createdAt: string;
                                id: string;
                                lineage: string;
                                runId: string | null;
                                serial: number;
                                size: number;
                                writtenBy: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/state/versions/{versionId}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a state version (admins; audited: state holds secrets) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    versionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/state/versions/{versionId}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make an old state version current again (admins; audited). Plans made before go stale. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    versionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description sha256 of the state document */
                            checksum: string;
                            createdAt: string;
                            id: string;
                            lineage: string;
                            runId: string | null;
                            serial: number;
                            size: number;
                            writtenBy: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live status: Argo CD sync and health, probes of the commons' Gen3 endpoints, the deployed release */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            argocd: {
                                application: string;
                                health: string;
                                message?: string;
                                revision: string | null;
                                sync: string;
                            } | null;
                            argocdError?: string;
                            commons: string;
                            deployedRelease: string | null;
                            lastDeploy: {
                                commit: string | null;
                                commons: string;
                                createdAt: string;
                                finishedAt: string | null;
                                id: string;
                                message: string;
                                release: string;
                                requestedBy: string;
                                revision: number;
                                simulated: boolean;
                                status: string;
                            } | null;
                            services: {
                                /** @description why the check did not find the service healthy, and the fix */
                                detail?: string;
                                httpStatus: number | null;
                                path: string;
                                service: string;
                                /** @description healthy | unhealthy | unreachable | redirected (not followed) | refused (an internal address not in CSOC_PROBE_ALLOWED_CIDRS) */
                                status: string;
                                version?: string;
                            }[];
                            simulated: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/status-page": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the commons publishes a public status page, and the page's addresses */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commons: string;
                            /** @description true: the page is public at url; false: it answers 404 */
                            enabled: boolean;
                            feedUrl: string;
                            jsonUrl: string;
                            /** @description shown instead of the commons name */
                            title: string | null;
                            updatedAt: string | null;
                            updatedBy: string | null;
                            /** @description the public HTML page; add .json or /feed.atom for the other formats */
                            url: string;
                        };
                    };
                };
            };
        };
        /** Publish or withdraw the commons' public status page (no sign-in needed to read it) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description publish (true) or withdraw (false) the public status page */
                        enabled: boolean;
                        /** @description public title; null: the commons name */
                        title?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commons: string;
                            /** @description true: the page is public at url; false: it answers 404 */
                            enabled: boolean;
                            feedUrl: string;
                            jsonUrl: string;
                            /** @description shown instead of the commons name */
                            title: string | null;
                            updatedAt: string | null;
                            updatedBy: string | null;
                            /** @description the public HTML page; add .json or /feed.atom for the other formats */
                            url: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/telemetry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Request rate, error rate, latency percentiles, logins and downloads of a commons over a window */
        get: {
            parameters: {
                query?: {
                    /** @description one service (its OpenTelemetry service.name); all services of the commons when absent */
                    service?: string;
                    /** @description 1h: 1-minute steps; 24h: 10 minutes; 7d: 1 hour; 30d: 6 hours */
                    window?: "1h" | "24h" | "7d" | "30d";
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commons: string;
                            lastReceivedAt: string | null;
                            points: {
                                /** @description fence presigned download URLs (gen3_fence_presigned_url, action=download) */
                                downloads: number;
                                errorRatePercent: number | null;
                                /** @description requests answered 5xx */
                                errors: number;
                                /** @description fence logins (gen3_fence_login) */
                                logins: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                                requests: number;
                                requestsPerSecond: number;
                                /** @description start of the step (ISO 8601) */
                                start: string;
                            }[];
                            service: string | null;
                            /** @description services that sent telemetry in the window */
                            services: string[];
                            /** @description per service, where request figures came from: metrics, or server spans when it sent none */
                            sources: {
                                [key: string]: "metrics" | "spans";
                            };
                            stepSeconds: number;
                            /** @description 1h: 1-minute steps; 24h: 10 minutes; 7d: 1 hour; 30d: 6 hours */
                            window: "1h" | "24h" | "7d" | "30d";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/telemetry/credential": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the commons has an OTLP ingest credential (never the credential itself) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commons: string;
                            createdAt: string | null;
                            createdBy: string | null;
                            exists: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Issue the commons an OTLP ingest credential, or rotate it (the previous one stops at once); shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commons: string;
                            createdAt: string;
                            /** @description base URL the agent sends OTLP/HTTP to (/v1/metrics, /v1/traces, /v1/logs) */
                            otlpEndpoint: string;
                            /** @description true when it replaced a previous credential, which stopped working */
                            rotated: boolean;
                            /** @description the ingest credential, shown this once: store it in the commons’ secret manager for its telemetry agent (Authorization: Bearer) */
                            token: string;
                        };
                    };
                };
            };
        };
        /** Revoke the commons' OTLP ingest credential: its agent is refused from now on */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/upgrade-plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Plan a Gen3 upgrade (one release at a time by default): tag changes and notes, before anything is committed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description refuse plans crossing more than one release
                         * @default true
                         */
                        oneStep?: boolean;
                        /** @description default: the next release */
                        to?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commons: string;
                            from: string;
                            howToApply: string;
                            steps: {
                                breakingChanges: {
                                    component: string;
                                    text: string;
                                }[];
                                deploymentChanges: {
                                    component: string;
                                    text: string;
                                }[];
                                derived: boolean;
                                from: string;
                                highlights: {
                                    text: string;
                                    title: string;
                                }[];
                                tagChanges: {
                                    chart: string;
                                    from?: string;
                                    repository: string;
                                    to?: string;
                                    valuesPath: string;
                                }[];
                                to: string;
                                warnings: string[];
                            }[];
                            to: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/uptime": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Uptime of a commons per day over the last 90 days, and over 30 and 90 days */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commons: string;
                            /** @description the last 90 days, today last */
                            days: {
                                /** @description YYYY-MM-DD (UTC) */
                                day: string;
                                downSeconds: number;
                                /** @description null: not monitored that day */
                                uptime: number | null;
                            }[];
                            /** @description share of the last 30 days not down, 0-1 */
                            last30: number | null;
                            /** @description share of the last 90 days not down, 0-1 */
                            last90: number | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/user-yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The commons' newest user.yaml saved through CSOC, with its rollout: the deploy that carries it and the usersync after it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the second person who approved it (prod) */
                            approvedBy: string | null;
                            content: string;
                            /** @description the GitOps deploy that carries it to the commons (GET …/deploys/{id}) */
                            deploy: {
                                id: string;
                                message: string;
                                status: string;
                            } | null;
                            /** @description why it ended where it did, in a sentence; null while it goes on */
                            message: string | null;
                            savedAt: string;
                            savedBy: string;
                            sha256: string;
                            /** @description pending-approval (a second person must approve) → deploying (its GitOps deploy runs) → usersync → done; or deploy-failed (no usersync), usersync-failed, superseded (a newer save took over); saved: from before CSOC deployed user.yaml */
                            state: "saved" | "pending-approval" | "deploying" | "usersync" | "done" | "deploy-failed" | "usersync-failed" | "superseded";
                            /** @description the usersync action run once the deploy is Healthy (GET …/cluster/actions/{id}) */
                            usersync: {
                                id: string;
                                result: string | null;
                                state: string;
                            } | null;
                            /** @description the usersync action id (same as usersync.id) */
                            usersyncAction: string | null;
                            /** @description 1 for the first saved user.yaml, one more per edit */
                            version: number;
                        };
                    };
                };
            };
        };
        /** Save an edit of the commons' user.yaml (validated; send the version you edited and the commons' name in confirm). It reaches the commons through a GitOps deploy, then usersync runs once that deploy is Healthy — on prod after a second person approves, when the org requires one (state pending-approval) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the commons' name, typed to confirm */
                        confirm: string;
                        /** @description the whole user.yaml */
                        content: string;
                        /** @description the version you edited (0 when none was saved yet); a newer one refuses the save */
                        expectedVersion: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            userYaml: {
                                /** @description the second person who approved it (prod) */
                                approvedBy: string | null;
                                content: string;
                                /** @description the GitOps deploy that carries it to the commons (GET …/deploys/{id}) */
                                deploy: {
                                    id: string;
                                    message: string;
                                    status: string;
                                } | null;
                                /** @description why it ended where it did, in a sentence; null while it goes on */
                                message: string | null;
                                savedAt: string;
                                savedBy: string;
                                sha256: string;
                                /** @description pending-approval (a second person must approve) → deploying (its GitOps deploy runs) → usersync → done; or deploy-failed (no usersync), usersync-failed, superseded (a newer save took over); saved: from before CSOC deployed user.yaml */
                                state: "saved" | "pending-approval" | "deploying" | "usersync" | "done" | "deploy-failed" | "usersync-failed" | "superseded";
                                /** @description the usersync action run once the deploy is Healthy (GET …/cluster/actions/{id}) */
                                usersync: {
                                    id: string;
                                    result: string | null;
                                    state: string;
                                } | null;
                                /** @description the usersync action id (same as usersync.id) */
                                usersyncAction: string | null;
                                /** @description 1 for the first saved user.yaml, one more per edit */
                                version: number;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/commons/{commons}/user-yaml/versions/{version}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve another person's user.yaml save waiting for a second person (prod); its deploy starts at once, then usersync */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            userYaml: {
                                /** @description the second person who approved it (prod) */
                                approvedBy: string | null;
                                content: string;
                                /** @description the GitOps deploy that carries it to the commons (GET …/deploys/{id}) */
                                deploy: {
                                    id: string;
                                    message: string;
                                    status: string;
                                } | null;
                                /** @description why it ended where it did, in a sentence; null while it goes on */
                                message: string | null;
                                savedAt: string;
                                savedBy: string;
                                sha256: string;
                                /** @description pending-approval (a second person must approve) → deploying (its GitOps deploy runs) → usersync → done; or deploy-failed (no usersync), usersync-failed, superseded (a newer save took over); saved: from before CSOC deployed user.yaml */
                                state: "saved" | "pending-approval" | "deploying" | "usersync" | "done" | "deploy-failed" | "usersync-failed" | "superseded";
                                /** @description the usersync action run once the deploy is Healthy (GET …/cluster/actions/{id}) */
                                usersync: {
                                    id: string;
                                    result: string | null;
                                    state: string;
                                } | null;
                                /** @description the usersync action id (same as usersync.id) */
                                usersyncAction: string | null;
                                /** @description 1 for the first saved user.yaml, one more per edit */
                                version: number;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/fleet/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health of every monitored commons of the org, with counts per state */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                degraded: number;
                                down: number;
                                healthy: number;
                                unknown: number;
                            };
                            generatedAt: string;
                            /** @description every monitored commons of the org, by name */
                            items: {
                                checkedAt: string;
                                commons: string;
                                probeLatencyMs: number | null;
                                /** @description the first reason; empty when healthy */
                                reason: string;
                                since: string;
                                /** @description healthy: every check passes; degraded: it serves, with problems; down: it does not serve; unknown: no recent probe */
                                state: "healthy" | "degraded" | "down" | "unknown";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/fleet/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Fleet-wide status: Argo CD sync and health, last deploy, deployed release and last drift check of every commons */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description null when the org deploys through no Argo CD */
                            argocd: {
                                /** @description why Argo CD could not be read */
                                message?: string;
                                reachable: boolean;
                            } | null;
                            generatedAt: string;
                            /** @description every commons that was deployed or checked for drift (others have nothing to add) */
                            items: {
                                commons: string;
                                /** @description the release of the last deploy that became healthy */
                                deployedRelease: string | null;
                                /** @description Argo CD health (Healthy, Progressing, Degraded, Missing, ...); null when unknown */
                                health: string | null;
                                lastDeploy: {
                                    createdAt: string;
                                    finishedAt: string | null;
                                    id: string;
                                    release: string;
                                    status: string;
                                } | null;
                                lastDriftCheck: {
                                    at: string;
                                    driftDetected: boolean | null;
                                    runId: string;
                                    state: string;
                                } | null;
                                /** @description Argo CD sync status (Synced, OutOfSync, ...); null when no application is known */
                                sync: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/gitops": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where the org's GitOps files live and which Argo CD deploys them */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the Argo CD API this org deploys through */
                            argocd: string | null;
                            branch: string;
                            /** @description local (served by this CSOC) or remote */
                            mode: string;
                            repository: string;
                            /** @description true when Argo CD is the CSOC simulator */
                            simulated: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/gitops/read-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The org's GitOps read tokens (never the tokens themselves) */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                createdBy: string;
                                id: string;
                                lastUsedAt: string | null;
                                name: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a GitOps read token (shown once); creating one with a token's name replaces it (rotation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description e.g. argocd-prod */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            createdBy: string;
                            id: string;
                            lastUsedAt: string | null;
                            name: string;
                            repository: string;
                            /** @description shown once; use it as the HTTP Basic password (any user name) */
                            token: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/gitops/read-tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a GitOps read token */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    tokenId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/gitops/render": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Render the GitOps files (Helm values, secret wiring, Argo CD application) a commons document would produce; stores and commits nothing */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        apiVersion: "csoc.gen3.org/v1";
                        /** @enum {string} */
                        kind: "Commons";
                        /** @description why: recorded on the revision */
                        message?: string;
                        metadata: {
                            labels?: {
                                [key: string]: string;
                            };
                            /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                            name: string;
                            /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                            org?: string;
                        };
                        spec: {
                            /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                            account: string;
                            environment: "dev" | "staging" | "prod";
                            gen3?: {
                                branding?: {
                                    appName?: string;
                                    logoUrl?: string;
                                    primaryColor?: string;
                                };
                                dictionaryUrl?: string;
                                guidPrefix?: string;
                                /** @description public DNS name of the commons */
                                hostname: string;
                                loginProviders?: {
                                    clientId: string;
                                    /** @description name of the vault secret holding the client secret (never the secret itself) */
                                    clientSecretRef?: string;
                                    /** Format: uri */
                                    discoveryUrl?: string;
                                    displayName?: string;
                                    /** @description google, ras, microsoft, okta, orcid, cilogon or generic-oidc (e.g. Keycloak) */
                                    kind: "google" | "ras" | "microsoft" | "okta" | "orcid" | "cilogon" | "generic-oidc";
                                    /** @description fence provider id */
                                    name: string;
                                }[];
                                /** @description Gen3 release YYYY.MM */
                                release: string;
                                /** @description per-chart values merged last; at most 24 levels deep */
                                serviceOverrides?: {
                                    [key: string]: {
                                        [key: string]: unknown;
                                    };
                                };
                                /** @description enabled gen3-helm charts; default: the core set */
                                services?: string[];
                                tierAccessLevel?: "libre" | "regular" | "private";
                                userYamlSource?: string;
                            };
                            /** @description validated against the plugin's inputs schema */
                            inputs: {
                                [key: string]: unknown;
                            };
                            plugin: {
                                name: string;
                                /** @description default: the newest enabled version, then pinned */
                                version?: string;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commons: string;
                            /** @description where the files would go in the GitOps repository */
                            directory: string;
                            /** @description rendered files (no secret values) */
                            files: {
                                [key: string]: string;
                            };
                            /** @description true when the infrastructure does not exist yet: endpoints, ARNs and buckets are examples until it is applied */
                            placeholders: boolean;
                            release: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The incidents of every commons of the org, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                    /** @description true: only ongoing incidents; false: only ended ones */
                    open?: boolean;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                cause: string;
                                commons: string;
                                /** @description null while it lasts */
                                endedAt: string | null;
                                id: string;
                                /** @description null: the commons as a whole */
                                service: string | null;
                                startedAt: string;
                                /** @description healthy: every check passes; degraded: it serves, with problems; down: it does not serve; unknown: no recent probe */
                                state: "healthy" | "degraded" | "down" | "unknown";
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List invitations */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                email: string;
                                expiresAt: string;
                                id: string;
                                /** @description owner > admin > operator > viewer */
                                role: "owner" | "admin" | "operator" | "viewer";
                                status: "pending" | "accepted" | "expired" | "revoked";
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Invite someone by email; returns the single-use link once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        /** @default 72 */
                        expiresInHours?: number;
                        /** @description owner > admin > operator > viewer */
                        role: "owner" | "admin" | "operator" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acceptUrl: string;
                            invitation: {
                                createdAt: string;
                                email: string;
                                expiresAt: string;
                                id: string;
                                /** @description owner > admin > operator > viewer */
                                role: "owner" | "admin" | "operator" | "viewer";
                                status: "pending" | "accepted" | "expired" | "revoked";
                            };
                            /** @description Single-use; shown only now */
                            token: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/invitations/{invitationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a pending invitation */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invitationId: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List members and roles */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                displayName: string;
                                email: string;
                                /** @description owner > admin > operator > viewer */
                                role: "owner" | "admin" | "operator" | "viewer";
                                source: string;
                                userId: string;
                                version: number;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add an existing user to the org (platform admins; org admins send an invitation) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        /** @description owner > admin > operator > viewer */
                        role: "owner" | "admin" | "operator" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            displayName: string;
                            email: string;
                            /** @description owner > admin > operator > viewer */
                            role: "owner" | "admin" | "operator" | "viewer";
                            source: string;
                            userId: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a member's role (send If-Match) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description owner > admin > operator > viewer */
                        role: "owner" | "admin" | "operator" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            displayName: string;
                            email: string;
                            /** @description owner > admin > operator > viewer */
                            role: "owner" | "admin" | "operator" | "viewer";
                            source: string;
                            userId: string;
                            version: number;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs/{org}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The org's runs, newest first */
        get: {
            parameters: {
                query?: {
                    commons?: string;
                    cursor?: string;
                    limit?: number;
                    state?: "queued" | "running" | "planned" | "applying" | "succeeded" | "failed" | "cancelled" | "discarded" | "errored";
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                approvedAt: string | null;
                                approvedBy: string | null;
                                attempt: number;
                                cancelRequested: boolean;
                                commons: string;
                                commonsRevision: number;
                                createdAt: string;
                                driftDetected: boolean | null;
                                exitCode: number | null;
                                finishedAt: string | null;
                                id: string;
                                kind: string;
                                message: string | null;
                                org: string;
                                plan: {
                                    resources: ({
                                        action: string;
                                        address: string;
                                    } & {
                                        [key: string]: unknown;
                                    })[];
                                    summary: {
                                        add: number;
                                        change: number;
                                        destroy: number;
                                    };
                                } | null;
                                plugin: {
                                    name: string;
                                    version: string;
                                };
                                requestedBy: string;
                                simulated: boolean;
                                startedAt: string | null;
                                state: string;
                                version: number;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One run */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approvedAt: string | null;
                            approvedBy: string | null;
                            attempt: number;
                            cancelRequested: boolean;
                            commons: string;
                            commonsRevision: number;
                            createdAt: string;
                            driftDetected: boolean | null;
                            exitCode: number | null;
                            finishedAt: string | null;
                            id: string;
                            kind: string;
                            message: string | null;
                            org: string;
                            plan: {
                                resources: ({
                                    action: string;
                                    address: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                summary: {
                                    add: number;
                                    change: number;
                                    destroy: number;
                                };
                            } | null;
                            plugin: {
                                name: string;
                                version: string;
                            };
                            requestedBy: string;
                            simulated: boolean;
                            startedAt: string | null;
                            state: string;
                            version: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/runs/{runId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a planned run: its saved plan is applied exactly */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approvedAt: string | null;
                            approvedBy: string | null;
                            attempt: number;
                            cancelRequested: boolean;
                            commons: string;
                            commonsRevision: number;
                            createdAt: string;
                            driftDetected: boolean | null;
                            exitCode: number | null;
                            finishedAt: string | null;
                            id: string;
                            kind: string;
                            message: string | null;
                            org: string;
                            plan: {
                                resources: ({
                                    action: string;
                                    address: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                summary: {
                                    add: number;
                                    change: number;
                                    destroy: number;
                                };
                            } | null;
                            plugin: {
                                name: string;
                                version: string;
                            };
                            requestedBy: string;
                            simulated: boolean;
                            startedAt: string | null;
                            state: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/runs/{runId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a queued or executing run (the plugin is stopped, the state lock released) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approvedAt: string | null;
                            approvedBy: string | null;
                            attempt: number;
                            cancelRequested: boolean;
                            commons: string;
                            commonsRevision: number;
                            createdAt: string;
                            driftDetected: boolean | null;
                            exitCode: number | null;
                            finishedAt: string | null;
                            id: string;
                            kind: string;
                            message: string | null;
                            org: string;
                            plan: {
                                resources: ({
                                    action: string;
                                    address: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                summary: {
                                    add: number;
                                    change: number;
                                    destroy: number;
                                };
                            } | null;
                            plugin: {
                                name: string;
                                version: string;
                            };
                            requestedBy: string;
                            simulated: boolean;
                            startedAt: string | null;
                            state: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/runs/{runId}/discard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Discard a planned run without applying it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            approvedAt: string | null;
                            approvedBy: string | null;
                            attempt: number;
                            cancelRequested: boolean;
                            commons: string;
                            commonsRevision: number;
                            createdAt: string;
                            driftDetected: boolean | null;
                            exitCode: number | null;
                            finishedAt: string | null;
                            id: string;
                            kind: string;
                            message: string | null;
                            org: string;
                            plan: {
                                resources: ({
                                    action: string;
                                    address: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                summary: {
                                    add: number;
                                    change: number;
                                    destroy: number;
                                };
                            } | null;
                            plugin: {
                                name: string;
                                version: string;
                            };
                            requestedBy: string;
                            simulated: boolean;
                            startedAt: string | null;
                            state: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/runs/{runId}/output": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A run's output records after a sequence number */
        get: {
            parameters: {
                query?: {
                    after?: number;
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            finished: boolean;
                            items: {
                                createdAt: string;
                                data: unknown;
                                /** @description log (text chunk), event (plugin event), state (run state change) */
                                kind: string;
                                seq: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/runs/{runId}/output/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live output as Server-Sent Events (events: log, event, state, end); resume with Last-Event-ID or ?after= */
        get: {
            parameters: {
                query?: {
                    after?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read the org's settings (whether prod changes need a second approver) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description This CSOC requires a second approver for every approval, in every org and environment (CSOC_APPROVAL_SEPARATE_APPROVER); the org cannot waive it */
                            requiredByCsoc: boolean;
                            /** @description A prod stage of a release wave waits for a second person's approval, and a run of a prod commons cannot be approved by the person who requested it */
                            requireSecondApproverForProd: boolean;
                            updatedAt: string | null;
                            updatedBy: string | null;
                            /** @description Send it back as If-Match: "v<version>" to update */
                            version: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the org's settings (admins; send If-Match). Applies to waves created and runs approved from now on */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        requireSecondApproverForProd: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description This CSOC requires a second approver for every approval, in every org and environment (CSOC_APPROVAL_SEPARATE_APPROVER); the org cannot waive it */
                            requiredByCsoc: boolean;
                            /** @description A prod stage of a release wave waits for a second person's approval, and a run of a prod commons cannot be approved by the person who requested it */
                            requireSecondApproverForProd: boolean;
                            updatedAt: string | null;
                            updatedBy: string | null;
                            /** @description Send it back as If-Match: "v<version>" to update */
                            version: number;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/orgs/{org}/telemetry/forwarding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The org's OTLP forwarding destination, its delivery counts and its backlog waiting to be forwarded (header values never shown) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description their size as received */
                            backlogBytes: number;
                            /** @description OTLP requests waiting to be forwarded (retrying included) */
                            backlogRequests: number;
                            /** @description OTLP requests dropped unsent because the backlog outgrew CSOC_TELEMETRY_FORWARD_MAX_BACKLOG_BYTES or _HOURS (oldest first) */
                            dropped: number;
                            enabled: boolean;
                            endpoint: string;
                            /** @description OTLP requests given up: the destination answered a 4xx other than 429, or was refused */
                            failed: number;
                            /** @description OTLP requests delivered */
                            forwarded: number;
                            /** @description names only; values are write-only */
                            headerNames: string[];
                            lastError: string | null;
                            lastErrorAt: string | null;
                            /** @description when the oldest request waiting was received; null when nothing waits */
                            oldestQueuedAt: string | null;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        /** Forward every commons' raw OTLP, unchanged, to the org's own OTLP/HTTP endpoint */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default true */
                        enabled?: boolean;
                        /**
                         * Format: uri
                         * @description OTLP/HTTP base URL of the org’s backend (Alloy, an OpenTelemetry Collector, Mimir/Tempo/Loki gateways); /v1/metrics etc. are appended
                         */
                        endpoint: string;
                        /** @description headers sent with every forwarded request (e.g. Authorization); sealed, never shown again */
                        headers?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description their size as received */
                            backlogBytes: number;
                            /** @description OTLP requests waiting to be forwarded (retrying included) */
                            backlogRequests: number;
                            /** @description OTLP requests dropped unsent because the backlog outgrew CSOC_TELEMETRY_FORWARD_MAX_BACKLOG_BYTES or _HOURS (oldest first) */
                            dropped: number;
                            enabled: boolean;
                            endpoint: string;
                            /** @description OTLP requests given up: the destination answered a 4xx other than 429, or was refused */
                            failed: number;
                            /** @description OTLP requests delivered */
                            forwarded: number;
                            /** @description names only; values are write-only */
                            headerNames: string[];
                            lastError: string | null;
                            lastErrorAt: string | null;
                            /** @description when the oldest request waiting was received; null when nothing waits */
                            oldestQueuedAt: string | null;
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Stop forwarding telemetry (the destination and its sealed headers are deleted) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/telemetry/forwarding/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send an empty OTLP metrics export to the org's forwarding destination now (with its headers), and say how it went */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description true when the destination answered 2xx */
                            delivered: boolean;
                            /** @description why it was not delivered (never a header value) */
                            error: string | null;
                            /** @description the destination’s HTTP status; null when it could not be reached */
                            statusCode: number | null;
                            /** @description where the test was sent (the endpoint with /v1/metrics appended) */
                            url: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API tokens (yours; admins see all of the org) */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                expiresAt: string | null;
                                id: string;
                                lastUsedAt: string | null;
                                name: string;
                                prefix: string;
                                revokedAt: string | null;
                                /** @description owner > admin > operator > viewer */
                                role: "owner" | "admin" | "operator" | "viewer";
                                userEmail: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an API token for this org (shown once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        expiresInDays?: number;
                        name: string;
                        /** @description owner > admin > operator > viewer */
                        role: "owner" | "admin" | "operator" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            apiToken: {
                                createdAt: string;
                                expiresAt: string | null;
                                id: string;
                                lastUsedAt: string | null;
                                name: string;
                                prefix: string;
                                revokedAt: string | null;
                                /** @description owner > admin > operator > viewer */
                                role: "owner" | "admin" | "operator" | "viewer";
                                userEmail: string;
                            };
                            /** @description Shown only now; store it safely */
                            token: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token (yours; admins any in the org) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    tokenId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/waves": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The org's release waves, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                createdBy: string;
                                currentStage: number;
                                /** @description what the health gate of the current stage waits for, if anything */
                                gate: string;
                                id: string;
                                maxParallel: number;
                                name: string;
                                org: string;
                                pausedCommons: string | null;
                                pausedReason: string | null;
                                selector: string;
                                soakSeconds: number;
                                soakStartedAt: string | null;
                                stages: {
                                    approvedBy: string | null;
                                    commons: number;
                                    index: number;
                                    /** @description canary, batch 1, batch 2, ... */
                                    name: string;
                                    /** @description prod commons, and this CSOC requires a second approver */
                                    needsApproval: boolean;
                                }[];
                                state: "running" | "paused" | "awaiting_approval" | "rolling_back" | "completed" | "rolled_back";
                                targetRelease: string;
                                updatedAt: string;
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Start a release wave over the commons a label selector selects */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description commons of a stage upgrading at once
                         * @default 1
                         */
                        maxParallel?: number;
                        /** @description Lower-case letters, digits and dashes; 3 to 48 characters */
                        name: string;
                        /** @description label selector of the commons, e.g. env=prod,tier in (large,xl); empty: every commons */
                        selector: string;
                        /**
                         * @description gate held this long
                         * @default 300
                         */
                        soakSeconds?: number;
                        stages?: {
                            /** @description each later stage: a count or a percentage; default all */
                            batch?: {
                                count?: number;
                                /** @description of the commons after the canary */
                                percent?: number;
                            };
                            /** @description the first stage: commons by name, or a count */
                            canary?: {
                                /** @description by name */
                                commons?: string[];
                                /** @description the first N by name */
                                count?: number;
                            };
                        };
                        /** @description Gen3 release YYYY.MM */
                        targetRelease: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            createdBy: string;
                            currentStage: number;
                            /** @description what the health gate of the current stage waits for, if anything */
                            gate: string;
                            id: string;
                            maxParallel: number;
                            members: {
                                commons: string;
                                deployId: string | null;
                                environment: string;
                                fromRelease: string;
                                message: string;
                                /** @description the release the commons is at or moving to */
                                release: string;
                                stage: number;
                                state: "pending" | "deferred" | "starting" | "upgrading" | "done" | "failed" | "skipped" | "rolled_back";
                                updatedAt: string;
                            }[];
                            name: string;
                            org: string;
                            pausedCommons: string | null;
                            pausedReason: string | null;
                            selector: string;
                            soakSeconds: number;
                            soakStartedAt: string | null;
                            stages: {
                                approvedBy: string | null;
                                commons: number;
                                index: number;
                                /** @description canary, batch 1, batch 2, ... */
                                name: string;
                                /** @description prod commons, and this CSOC requires a second approver */
                                needsApproval: boolean;
                            }[];
                            state: "running" | "paused" | "awaiting_approval" | "rolling_back" | "completed" | "rolled_back";
                            targetRelease: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/waves/{wave}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One wave: its stages, the state of each commons, what the health gate waits for */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 48 characters */
                    wave: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            createdBy: string;
                            currentStage: number;
                            /** @description what the health gate of the current stage waits for, if anything */
                            gate: string;
                            id: string;
                            maxParallel: number;
                            members: {
                                commons: string;
                                deployId: string | null;
                                environment: string;
                                fromRelease: string;
                                message: string;
                                /** @description the release the commons is at or moving to */
                                release: string;
                                stage: number;
                                state: "pending" | "deferred" | "starting" | "upgrading" | "done" | "failed" | "skipped" | "rolled_back";
                                updatedAt: string;
                            }[];
                            name: string;
                            org: string;
                            pausedCommons: string | null;
                            pausedReason: string | null;
                            selector: string;
                            soakSeconds: number;
                            soakStartedAt: string | null;
                            stages: {
                                approvedBy: string | null;
                                commons: number;
                                index: number;
                                /** @description canary, batch 1, batch 2, ... */
                                name: string;
                                /** @description prod commons, and this CSOC requires a second approver */
                                needsApproval: boolean;
                            }[];
                            state: "running" | "paused" | "awaiting_approval" | "rolling_back" | "completed" | "rolled_back";
                            targetRelease: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/waves/{wave}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve the stage waiting with prod commons (a second person, not the creator) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 48 characters */
                    wave: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description why: recorded on the timeline */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            createdBy: string;
                            currentStage: number;
                            /** @description what the health gate of the current stage waits for, if anything */
                            gate: string;
                            id: string;
                            maxParallel: number;
                            members: {
                                commons: string;
                                deployId: string | null;
                                environment: string;
                                fromRelease: string;
                                message: string;
                                /** @description the release the commons is at or moving to */
                                release: string;
                                stage: number;
                                state: "pending" | "deferred" | "starting" | "upgrading" | "done" | "failed" | "skipped" | "rolled_back";
                                updatedAt: string;
                            }[];
                            name: string;
                            org: string;
                            pausedCommons: string | null;
                            pausedReason: string | null;
                            selector: string;
                            soakSeconds: number;
                            soakStartedAt: string | null;
                            stages: {
                                approvedBy: string | null;
                                commons: number;
                                index: number;
                                /** @description canary, batch 1, batch 2, ... */
                                name: string;
                                /** @description prod commons, and this CSOC requires a second approver */
                                needsApproval: boolean;
                            }[];
                            state: "running" | "paused" | "awaiting_approval" | "rolling_back" | "completed" | "rolled_back";
                            targetRelease: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/waves/{wave}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The wave's timeline, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 48 characters */
                    wave: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                at: string;
                                by: string | null;
                                commons: string | null;
                                kind: string;
                                message: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/waves/{wave}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause the wave: nothing more starts until it is resumed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 48 characters */
                    wave: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description why: recorded on the timeline */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            createdBy: string;
                            currentStage: number;
                            /** @description what the health gate of the current stage waits for, if anything */
                            gate: string;
                            id: string;
                            maxParallel: number;
                            members: {
                                commons: string;
                                deployId: string | null;
                                environment: string;
                                fromRelease: string;
                                message: string;
                                /** @description the release the commons is at or moving to */
                                release: string;
                                stage: number;
                                state: "pending" | "deferred" | "starting" | "upgrading" | "done" | "failed" | "skipped" | "rolled_back";
                                updatedAt: string;
                            }[];
                            name: string;
                            org: string;
                            pausedCommons: string | null;
                            pausedReason: string | null;
                            selector: string;
                            soakSeconds: number;
                            soakStartedAt: string | null;
                            stages: {
                                approvedBy: string | null;
                                commons: number;
                                index: number;
                                /** @description canary, batch 1, batch 2, ... */
                                name: string;
                                /** @description prod commons, and this CSOC requires a second approver */
                                needsApproval: boolean;
                            }[];
                            state: "running" | "paused" | "awaiting_approval" | "rolling_back" | "completed" | "rolled_back";
                            targetRelease: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/waves/{wave}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused wave; a commons whose step failed is retried */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 48 characters */
                    wave: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description why: recorded on the timeline */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            createdBy: string;
                            currentStage: number;
                            /** @description what the health gate of the current stage waits for, if anything */
                            gate: string;
                            id: string;
                            maxParallel: number;
                            members: {
                                commons: string;
                                deployId: string | null;
                                environment: string;
                                fromRelease: string;
                                message: string;
                                /** @description the release the commons is at or moving to */
                                release: string;
                                stage: number;
                                state: "pending" | "deferred" | "starting" | "upgrading" | "done" | "failed" | "skipped" | "rolled_back";
                                updatedAt: string;
                            }[];
                            name: string;
                            org: string;
                            pausedCommons: string | null;
                            pausedReason: string | null;
                            selector: string;
                            soakSeconds: number;
                            soakStartedAt: string | null;
                            stages: {
                                approvedBy: string | null;
                                commons: number;
                                index: number;
                                /** @description canary, batch 1, batch 2, ... */
                                name: string;
                                /** @description prod commons, and this CSOC requires a second approver */
                                needsApproval: boolean;
                            }[];
                            state: "running" | "paused" | "awaiting_approval" | "rolling_back" | "completed" | "rolled_back";
                            targetRelease: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/waves/{wave}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Roll the current stage back: revert each commons it moved (recorded as deploys); the wave ends */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 48 characters */
                    wave: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description why: recorded on the timeline */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            createdBy: string;
                            currentStage: number;
                            /** @description what the health gate of the current stage waits for, if anything */
                            gate: string;
                            id: string;
                            maxParallel: number;
                            members: {
                                commons: string;
                                deployId: string | null;
                                environment: string;
                                fromRelease: string;
                                message: string;
                                /** @description the release the commons is at or moving to */
                                release: string;
                                stage: number;
                                state: "pending" | "deferred" | "starting" | "upgrading" | "done" | "failed" | "skipped" | "rolled_back";
                                updatedAt: string;
                            }[];
                            name: string;
                            org: string;
                            pausedCommons: string | null;
                            pausedReason: string | null;
                            selector: string;
                            soakSeconds: number;
                            soakStartedAt: string | null;
                            stages: {
                                approvedBy: string | null;
                                commons: number;
                                index: number;
                                /** @description canary, batch 1, batch 2, ... */
                                name: string;
                                /** @description prod commons, and this CSOC requires a second approver */
                                needsApproval: boolean;
                            }[];
                            state: "running" | "paused" | "awaiting_approval" | "rolling_back" | "completed" | "rolled_back";
                            targetRelease: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orgs/{org}/waves/{wave}/skip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Leave one commons out of the rest of the wave */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 48 characters */
                    wave: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                        commons: string;
                        /** @description why: recorded on the timeline */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            createdBy: string;
                            currentStage: number;
                            /** @description what the health gate of the current stage waits for, if anything */
                            gate: string;
                            id: string;
                            maxParallel: number;
                            members: {
                                commons: string;
                                deployId: string | null;
                                environment: string;
                                fromRelease: string;
                                message: string;
                                /** @description the release the commons is at or moving to */
                                release: string;
                                stage: number;
                                state: "pending" | "deferred" | "starting" | "upgrading" | "done" | "failed" | "skipped" | "rolled_back";
                                updatedAt: string;
                            }[];
                            name: string;
                            org: string;
                            pausedCommons: string | null;
                            pausedReason: string | null;
                            selector: string;
                            soakSeconds: number;
                            soakStartedAt: string | null;
                            stages: {
                                approvedBy: string | null;
                                commons: number;
                                index: number;
                                /** @description canary, batch 1, batch 2, ... */
                                name: string;
                                /** @description prod commons, and this CSOC requires a second approver */
                                needsApproval: boolean;
                            }[];
                            state: "running" | "paused" | "awaiting_approval" | "rolling_back" | "completed" | "rolled_back";
                            targetRelease: string;
                            updatedAt: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/plugins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The plugin catalog: every installed version */
        get: {
            parameters: {
                query?: {
                    cloud?: string;
                    cursor?: string;
                    limit?: number;
                    name?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                builtin: boolean;
                                capabilities: string[];
                                clouds: string[];
                                description: string | null;
                                enabled: boolean;
                                id: string;
                                installedAt: string;
                                /** @description the full manifest: inputs/outputs schemas, permissions, maintainers */
                                manifest: {
                                    [key: string]: unknown;
                                };
                                name: string;
                                network: string;
                                /** @description grows with every change of this record; its ETag (If-Match) is "v<revision>" */
                                revision: number;
                                source: string;
                                sourceKind: string;
                                /** @description support tier: core (maintained and tested by CSOC), community (maintained by others, conformance-checked) or experimental (not for production) */
                                tier: "core" | "community" | "experimental";
                                version: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Install a plugin version (platform admins) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the plugin manifest (manifest.json) */
                        manifest: {
                            [key: string]: unknown;
                        };
                        /** @description absolute folder path on the CSOC host, or an OCI image reference */
                        source: string;
                        sourceKind: "directory" | "image";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            builtin: boolean;
                            capabilities: string[];
                            clouds: string[];
                            description: string | null;
                            enabled: boolean;
                            id: string;
                            installedAt: string;
                            /** @description the full manifest: inputs/outputs schemas, permissions, maintainers */
                            manifest: {
                                [key: string]: unknown;
                            };
                            name: string;
                            network: string;
                            /** @description grows with every change of this record; its ETag (If-Match) is "v<revision>" */
                            revision: number;
                            source: string;
                            sourceKind: string;
                            /** @description support tier: core (maintained and tested by CSOC), community (maintained by others, conformance-checked) or experimental (not for production) */
                            tier: "core" | "community" | "experimental";
                            version: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/plugins/{name}/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One plugin version with its manifest */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            builtin: boolean;
                            capabilities: string[];
                            clouds: string[];
                            description: string | null;
                            enabled: boolean;
                            id: string;
                            installedAt: string;
                            /** @description the full manifest: inputs/outputs schemas, permissions, maintainers */
                            manifest: {
                                [key: string]: unknown;
                            };
                            name: string;
                            network: string;
                            /** @description grows with every change of this record; its ETag (If-Match) is "v<revision>" */
                            revision: number;
                            source: string;
                            sourceKind: string;
                            /** @description support tier: core (maintained and tested by CSOC), community (maintained by others, conformance-checked) or experimental (not for production) */
                            tier: "core" | "community" | "experimental";
                            version: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Enable or disable a plugin version (send If-Match) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                    version: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        enabled: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            builtin: boolean;
                            capabilities: string[];
                            clouds: string[];
                            description: string | null;
                            enabled: boolean;
                            id: string;
                            installedAt: string;
                            /** @description the full manifest: inputs/outputs schemas, permissions, maintainers */
                            manifest: {
                                [key: string]: unknown;
                            };
                            name: string;
                            network: string;
                            /** @description grows with every change of this record; its ETag (If-Match) is "v<revision>" */
                            revision: number;
                            source: string;
                            sourceKind: string;
                            /** @description support tier: core (maintained and tested by CSOC), community (maintained by others, conformance-checked) or experimental (not for production) */
                            tier: "core" | "community" | "experimental";
                            version: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Gen3 releases the CSOC can deploy, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                breakingChanges: number;
                                /** @description gen3-helm chart versions this release deploys */
                                chartVersions: {
                                    /** @description version of the alloy chart (the commons' telemetry agent) */
                                    alloy: string;
                                    /** @description version of the cluster add-ons chart */
                                    "cluster-level-resources": string;
                                    /** @description version of the gen3 umbrella chart */
                                    gen3: string;
                                };
                                deploymentChanges: number;
                                derived: boolean;
                                title?: string;
                                version: string;
                                warnings: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/releases/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One Gen3 release: pinned images and release notes */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            breakingChanges: {
                                component: string;
                                text: string;
                            }[];
                            /** @description gen3-helm chart versions this release deploys */
                            chartVersions: {
                                /** @description version of the alloy chart (the commons' telemetry agent) */
                                alloy: string;
                                /** @description version of the cluster add-ons chart */
                                "cluster-level-resources": string;
                                /** @description version of the gen3 umbrella chart */
                                gen3: string;
                            };
                            deploymentChanges: {
                                component: string;
                                text: string;
                            }[];
                            derived: boolean;
                            derivedReason?: string;
                            highlights: {
                                text: string;
                                title: string;
                            }[];
                            images: {
                                [key: string]: {
                                    [key: string]: {
                                        repository: string;
                                        source: string;
                                        tag: string;
                                    } & {
                                        [key: string]: unknown;
                                    };
                                };
                            };
                            next: string | null;
                            title?: string;
                            version: string;
                            warnings: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user, and the CSRF token for this session */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            csrfToken: string | null;
                            user: {
                                displayName: string;
                                email: string;
                                id: string;
                                isPlatformAdmin: boolean;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Sign in with email and password; sets the session cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Send as the x-csrf-token header on every cookie-authenticated mutation */
                            csrfToken: string;
                            /** Format: date-time */
                            expiresAt: string;
                            user: {
                                displayName: string;
                                email: string;
                                id: string;
                                isPlatformAdmin: boolean;
                            };
                        };
                    };
                };
            };
        };
        /** Sign out: revokes this session */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where the identity provider sends the browser back: signs in and redirects to returnTo */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    error?: string;
                    error_description?: string;
                    iss?: string;
                    session_state?: string;
                    state?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            csrfToken: string;
                            /** Format: date-time */
                            expiresAt: string;
                            returnTo: string;
                            user: {
                                displayName: string;
                                email: string;
                                id: string;
                                isPlatformAdmin: boolean;
                            };
                        };
                    };
                };
                /** @description Signed in: redirect to the returnTo path. A browser whose sign-in failed goes to /login?sso_error=CODE&sso_message=TEXT&request_id=ID instead (JSON callers get the error itself) */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/oidc/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which sign-in methods this CSOC offers (single sign-on, passwords) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Single sign-on is configured (CSOC_OIDC_ISSUER) */
                            enabled: boolean;
                            issuer: string | null;
                            /** @description Where the browser goes to sign in through the provider; add ?returnTo=/path */
                            loginUrl: string | null;
                            /** @description Local email/password sign-in is allowed (false in SSO-only mode) */
                            passwordLogin: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/oidc/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sign in through the identity provider: redirects to its sign-in page (JSON with Accept: application/json) */
        get: {
            parameters: {
                query?: {
                    /** @description A path on this CSOC to land on after signing in (same origin only); default / */
                    returnTo?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The provider's authorization endpoint, with this login's parameters */
                            authorizationUrl: string;
                        };
                    };
                };
                /** @description Redirect to the provider's authorization endpoint */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/state/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Terraform http backend: read the current state (run-scoped credentials) */
        get: {
            parameters: {
                query?: {
                    ID?: string;
                };
                header?: never;
                path: {
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        /** Terraform http backend: store a new state version (run-scoped credentials) */
        post: {
            parameters: {
                query?: {
                    ID?: string;
                };
                header?: never;
                path: {
                    runId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/state/{runId}/lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Terraform http backend: lock (lock_method = POST) */
        post: {
            parameters: {
                query?: {
                    ID?: string;
                };
                header?: never;
                path: {
                    runId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/state/{runId}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Terraform http backend: unlock (unlock_method = POST) */
        post: {
            parameters: {
                query?: {
                    ID?: string;
                };
                header?: never;
                path: {
                    runId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/status/{org}/{commons}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public status page of a commons as JSON (no sign-in; 404 unless it opted in) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Lower-case letters, digits and dashes; 3 to 32 characters (it prefixes cloud resource names) */
                    commons: string;
                    /** @description Lower-case letters, digits and dashes; 3 to 40 characters; starts with a letter */
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checkedAt: string | null;
                            groups: {
                                /** @description a group of Gen3 services, e.g. "Data access" */
                                name: string;
                                /** @description healthy: every check passes; degraded: it serves, with problems; down: it does not serve; unknown: no recent probe */
                                state: "healthy" | "degraded" | "down" | "unknown";
                            }[];
                            incidents: {
                                /** @description a service group, or "All services" */
                                affected: string;
                                endedAt: string | null;
                                startedAt: string;
                                /** @description healthy: every check passes; degraded: it serves, with problems; down: it does not serve; unknown: no recent probe */
                                state: "healthy" | "degraded" | "down" | "unknown";
                                /** @description e.g. "Data access down" */
                                title: string;
                                updates: {
                                    message: string;
                                    postedAt: string;
                                    /** @description where the operators are with the incident */
                                    status: "investigating" | "identified" | "monitoring" | "resolved";
                                }[];
                            }[];
                            /** @description healthy: every check passes; degraded: it serves, with problems; down: it does not serve; unknown: no recent probe */
                            state: "healthy" | "degraded" | "down" | "unknown";
                            title: string;
                            uptime: {
                                days: {
                                    /** @description YYYY-MM-DD (UTC) */
                                    day: string;
                                    /** @description null: not monitored that day */
                                    uptime: number | null;
                                }[];
                                last30: number | null;
                                last90: number | null;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users (platform admins) */
        get: {
            parameters: {
                query?: {
                    /** @description The nextCursor of the previous page; omit for the first page */
                    cursor?: string;
                    /** @description Page size */
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                createdAt: string;
                                disabled: boolean;
                                displayName: string;
                                email: string;
                                id: string;
                                isPlatformAdmin: boolean;
                                lastLoginAt: string | null;
                                sso: boolean;
                                version: number;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a local user (platform admins) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName: string;
                        /** Format: email */
                        email: string;
                        isPlatformAdmin?: boolean;
                        /** @description At least 12 characters */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            disabled: boolean;
                            displayName: string;
                            email: string;
                            id: string;
                            isPlatformAdmin: boolean;
                            lastLoginAt: string | null;
                            sso: boolean;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename, disable or (un)make platform admin (send If-Match) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        disabled?: boolean;
                        displayName?: string;
                        isPlatformAdmin?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            disabled: boolean;
                            displayName: string;
                            email: string;
                            id: string;
                            isPlatformAdmin: boolean;
                            lastLoginAt: string | null;
                            sso: boolean;
                            version: number;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/git/{org}/gitops.git/git-upload-pack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Git smart HTTP: fetch from the org's GitOps repository (GitOps read token) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    org: string;
                };
                cookie?: never;
            };
            /** @description git upload-pack request (binary) */
            requestBody: {
                content: {
                    "application/x-git-upload-pack-request": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Git smart HTTP protocol data (application/x-git-upload-pack-result) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/git/{org}/gitops.git/info/refs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Git smart HTTP: the refs of the org's GitOps repository (GitOps read token) */
        get: {
            parameters: {
                query?: {
                    service?: string;
                };
                header?: never;
                path: {
                    org: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Git smart HTTP protocol data (application/x-git-upload-pack-advertisement) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks?: {
                                [key: string]: string;
                            };
                            status: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/otlp/v1/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OTLP/HTTP logs from a commons (protobuf or JSON, gzip allowed; Bearer ingest credential) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/otlp/v1/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OTLP/HTTP metrics from a commons (protobuf or JSON, gzip allowed; Bearer ingest credential) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/otlp/v1/traces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OTLP/HTTP traces from a commons (protobuf or JSON, gzip allowed; Bearer ingest credential) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers and the process accepts work */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error: {
                                /** @description Stable machine-readable code, e.g. invalid_request, not_found */
                                code: string;
                                details?: {
                                    /** @description JSON pointer-like path of the failing input, e.g. body.name */
                                    field: string;
                                    message: string;
                                }[];
                                /** @description What failed, why, and what to do next */
                                message: string;
                                requestId: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks?: {
                                [key: string]: string;
                            };
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks?: {
                                [key: string]: string;
                            };
                            status: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
