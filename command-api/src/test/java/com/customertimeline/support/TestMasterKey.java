package com.customertimeline.support;

import com.customertimeline.privacy.keys.MasterKey;

/**
 * One master key for every service a test run starts on the shared PostgreSQL server: their data folders
 * differ, and a key file per folder would make the second service refuse the first one's key store.
 */
public final class TestMasterKey {

    public static final String PROPERTY = "timeline.privacy.master-key";

    private static final String JSON = MasterKey.generateJson();

    private TestMasterKey() {}

    public static String json() {
        return JSON;
    }
}
