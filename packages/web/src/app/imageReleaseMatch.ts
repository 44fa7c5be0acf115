// Whether a running image is the one the commons' Gen3 release pins: the release manifest lists each
// service's repository and tag; an image of a listed repository with another tag is a drift an operator
// should see (a hand-edited Deployment, a half-finished rollout), one of an unlisted repository is not
// Gen3's to judge (the agent itself, an add-on).
export type ImageMatch = 'matches' | 'differs' | 'not-in-release' | 'unknown';

/** The manifest's `images` as GET /api/v1/releases/{version} returns it: group → service → image. */
export type ReleaseImages = Record<string, Record<string, { repository: string; tag: string }>>;

/** repository → the tags the release pins for it (a repository may appear under several services). */
export function releaseTagsByRepository(images: ReleaseImages | undefined): Map<string, Set<string>> {
  const tags = new Map<string, Set<string>>();
  for (const group of Object.values(images ?? {}))
    for (const image of Object.values(group ?? {})) {
      if (!image?.repository || !image.tag) continue;
      const set = tags.get(image.repository) ?? new Set<string>();
      set.add(String(image.tag));
      tags.set(image.repository, set);
    }
  return tags;
}

/** Splits `repo[:tag][@digest]` at the tag's colon (a registry port's colon comes before the last slash). */
export function splitImage(image: string): { repository: string; tag: string | undefined } {
  const withoutDigest = image.split('@')[0]!;
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > withoutDigest.lastIndexOf('/'))
    return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) };
  return { repository: withoutDigest, tag: undefined };
}

export function imageReleaseMatch(
  image: string,
  releaseTags: Map<string, Set<string>> | undefined,
): ImageMatch {
  if (!releaseTags || releaseTags.size === 0) return 'unknown';
  const { repository, tag } = splitImage(image);
  const pinned = releaseTags.get(repository);
  if (!pinned) return 'not-in-release';
  return tag !== undefined && pinned.has(tag) ? 'matches' : 'differs';
}
