<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.28.0-Firenze" styleCategories="Symbology">
  <renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" forceraster="0">
    <rules key="root">
      <rule key="r0" filter='"beyond_limit" &gt; 0' symbol="0" label="beyond walking limit"/>
      <rule key="r1" filter='"beyond_limit" = 0 AND "distance_m" &lt;= 800' symbol="1" label="up to 800 m"/>
      <rule key="r2" filter='"beyond_limit" = 0 AND "distance_m" &gt; 800 AND "distance_m" &lt;= 1600' symbol="2" label="800 m - 1.6 km"/>
      <rule key="r3" filter='"beyond_limit" = 0 AND "distance_m" &gt; 1600 AND "distance_m" &lt;= 3200' symbol="3" label="1.6 - 3.2 km"/>
      <rule key="r4" filter='"beyond_limit" = 0 AND "distance_m" &gt; 3200' symbol="4" label="over 3.2 km"/>
      <rule key="r5" filter='"distance_m" IS NULL' symbol="5" label="no school assigned"/>
    </rules>
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="color" type="QString" value="215,25,28,140"/><Option name="style" type="QString" value="solid"/><Option name="outline_color" type="QString" value="215,25,28,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.6"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="color" type="QString" value="239,243,255,200"/><Option name="style" type="QString" value="solid"/><Option name="outline_color" type="QString" value="80,80,80,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.2"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="color" type="QString" value="189,215,231,200"/><Option name="style" type="QString" value="solid"/><Option name="outline_color" type="QString" value="80,80,80,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.2"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="fill" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="color" type="QString" value="107,174,214,200"/><Option name="style" type="QString" value="solid"/><Option name="outline_color" type="QString" value="80,80,80,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.2"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="fill" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="color" type="QString" value="33,113,181,200"/><Option name="style" type="QString" value="solid"/><Option name="outline_color" type="QString" value="80,80,80,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.2"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="fill" name="5" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="color" type="QString" value="220,220,220,200"/><Option name="style" type="QString" value="solid"/><Option name="outline_color" type="QString" value="80,80,80,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.2"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <layerGeometryType>2</layerGeometryType>
</qgis>
