package org.elasticsearch.node;

import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.EsRunnerPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.Collection;

/**
 * An Elasticsearch {@link Node} whose plugins are plain classes on the class path. Lives in this package
 * because {@link NodeConstruction} and {@link NodeServiceProvider} are package-private. Bootstrap checks,
 * the security manager / entitlements and the "don't run as root" check all belong to the
 * {@code org.elasticsearch.bootstrap.Elasticsearch} launcher, which is not used here.
 */
public class EsRunnerNode extends Node {

    public EsRunnerNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
        super(NodeConstruction.prepareConstruction(environment, null, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader pluginsLoader) {
                return new EsRunnerPluginsService(env.settings(), env, plugins);
            }
        }, true));
    }
}
