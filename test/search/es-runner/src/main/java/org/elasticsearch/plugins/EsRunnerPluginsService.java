package org.elasticsearch.plugins;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.spi.SPIClassIterator;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link PluginsService} that loads a fixed list of plugin classes from the application class path
 * instead of scanning {@code modules/} and {@code plugins/} directories. It lives in this package because
 * it needs package-private hooks of {@link PluginsService} (same technique as the cluster runner and the
 * test framework's mock node).
 */
public class EsRunnerPluginsService extends PluginsService {

    private final List<LoadedPlugin> classpathPlugins;

    public EsRunnerPluginsService(Settings settings, Environment environment, Collection<Class<? extends Plugin>> pluginClasses) {
        super(settings, environment.configDir(), new PluginsLoader(Set.of(), Set.of(), Map.of()));
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (Class<? extends Plugin> pluginClass : pluginClasses) {
            Plugin plugin = loadPlugin(pluginClass, settings, environment.configDir());
            PluginDescriptor descriptor = new PluginDescriptor(
                pluginClass.getName(),
                "classpath plugin (es-runner)",
                "NA",
                Build.current().version(),
                Integer.toString(Runtime.version().feature()),
                pluginClass.getName(),
                null,
                List.of(),
                false,
                false,
                false,
                false
            );
            loaded.add(new LoadedPlugin(descriptor, plugin, EsRunnerPluginsService.class.getClassLoader()));
        }
        loadExtensions(loaded);
        this.classpathPlugins = List.copyOf(loaded);
    }

    @Override
    protected final List<LoadedPlugin> plugins() {
        return classpathPlugins;
    }

    @Override
    public PluginsAndModules info() {
        return new PluginsAndModules(classpathPlugins.stream().map(LoadedPlugin::descriptor).map(PluginRuntimeInfo::new).toList(), List.of());
    }

    /**
     * All plugins share one class loader here, so a plain SPI scan would find every provider once per plugin
     * (and providers declared by the server jar itself). Each provider class is therefore instantiated once,
     * bound to the first plugin whose type its constructor accepts.
     */
    @Override
    public <T> List<? extends T> loadServiceProviders(Class<T> service) {
        Map<Class<?>, T> result = new LinkedHashMap<>();
        for (LoadedPlugin loadedPlugin : plugins()) {
            Plugin plugin = loadedPlugin.instance();
            SPIClassIterator<T> it = SPIClassIterator.get(service, plugin.getClass().getClassLoader());
            while (it.hasNext()) {
                Class<? extends T> providerClass = it.next();
                if (result.containsKey(providerClass) || acceptsPlugin(providerClass, plugin) == false) {
                    continue;
                }
                result.put(providerClass, createExtension(providerClass, service, plugin));
            }
        }
        return List.copyOf(result.values());
    }

    private static boolean acceptsPlugin(Class<?> providerClass, Plugin plugin) {
        for (Constructor<?> constructor : providerClass.getConstructors()) {
            if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] != plugin.getClass()) {
                return false;
            }
        }
        return true;
    }
}
