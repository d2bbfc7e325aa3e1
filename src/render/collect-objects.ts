// The objects of a built app as plain JSON, after the Helm phase has filled in its helmChart constructs.
import { ApiObject } from 'cdk8s';
import type { HomelabConfig } from '../config/model.ts';
import { ConfigError, messageOf } from '../errors.ts';
import { missingIdentity } from '../model/identity.ts';
import type { KubeObject } from '../model/kube-object.ts';
import { describeApp, type BuiltApp } from './build-apps.ts';

/** The app's objects, each with apiVersion, kind and metadata.name. */
export function collectObjects(config: HomelabConfig, built: BuiltApp): KubeObject[] {
  const { app, scope } = built;
  const where = describeApp(app);
  const appsFile = config.files.apps;
  const objects: KubeObject[] = [];
  try {
    for (const construct of scope.node.findAll()) {
      if (ApiObject.isApiObject(construct)) objects.push(construct.toJson() as KubeObject);
    }
  } catch (error) {
    throw new ConfigError([appsFile.problem(['apps', app.index], `${where} produced an object that cannot be serialized: ${messageOf(error)}`)], { cause: error });
  }
  const problems = objects.flatMap((object, i) => identityProblems(object, i)).map((message) => appsFile.problem(['apps', app.index], `${where} ${message}`));
  if (problems.length > 0) throw new ConfigError(problems);
  return objects;
}

function identityProblems(object: KubeObject, index: number): string[] {
  const missing = missingIdentity(object);
  if (missing.length === 0) return [];
  const label = object.kind ? `${object.kind}${object.metadata?.name ? ` "${object.metadata.name}"` : ''}` : `object #${index + 1}`;
  return [`rendered ${label} without ${missing.join(', ')}`];
}
