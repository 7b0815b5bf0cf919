<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16" styleCategories="Symbology">
  <renderer-v2 type="RuleRenderer" symbollevels="0" enableorderby="0" forceraster="0">
    <rules key="root">
      <rule key="none" filter="&quot;secondary_pupils&quot; &gt; 0 AND &quot;secondary_beyond_limit&quot; = 0" symbol="0" label="secondary pupils beyond the walking limit (3 miles unless the study sets another): none"/>
      <rule key="q1" filter="&quot;secondary_pupils&quot; &gt; 0 AND &quot;secondary_beyond_limit&quot; / &quot;secondary_pupils&quot; &gt; 0 AND &quot;secondary_beyond_limit&quot; / &quot;secondary_pupils&quot; &lt;= 0.25" symbol="1" label="up to a quarter"/>
      <rule key="q2" filter="&quot;secondary_pupils&quot; &gt; 0 AND &quot;secondary_beyond_limit&quot; / &quot;secondary_pupils&quot; &gt; 0.25 AND &quot;secondary_beyond_limit&quot; / &quot;secondary_pupils&quot; &lt;= 0.5" symbol="2" label="a quarter to a half"/>
      <rule key="q3" filter="&quot;secondary_pupils&quot; &gt; 0 AND &quot;secondary_beyond_limit&quot; / &quot;secondary_pupils&quot; &gt; 0.5 AND &quot;secondary_beyond_limit&quot; / &quot;secondary_pupils&quot; &lt;= 0.75" symbol="3" label="a half to three quarters"/>
      <rule key="q4" filter="&quot;secondary_pupils&quot; &gt; 0 AND &quot;secondary_beyond_limit&quot; / &quot;secondary_pupils&quot; &gt; 0.75" symbol="4" label="over three quarters"/>
      <rule key="nopupils" filter="coalesce(&quot;secondary_pupils&quot;, 0) &lt;= 0" symbol="5" label="no secondary pupils"/>
      <rule key="noschool" filter="&quot;secondary_pupils&quot; &gt; 0 AND &quot;secondary_beyond_limit&quot; IS NULL" symbol="6" label="pupils without a school"/>
    </rules>
    <symbols>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="239,237,245,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="110,110,110,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.2"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="2.4"/><Option name="size_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/><Option name="horizontal_anchor_point" type="QString" value="1"/><Option name="vertical_anchor_point" type="QString" value="1"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="203,201,226,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="110,110,110,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.2"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="2.4"/><Option name="size_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/><Option name="horizontal_anchor_point" type="QString" value="1"/><Option name="vertical_anchor_point" type="QString" value="1"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="158,154,200,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="110,110,110,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.2"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="2.4"/><Option name="size_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/><Option name="horizontal_anchor_point" type="QString" value="1"/><Option name="vertical_anchor_point" type="QString" value="1"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="117,107,177,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="110,110,110,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.2"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="2.4"/><Option name="size_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/><Option name="horizontal_anchor_point" type="QString" value="1"/><Option name="vertical_anchor_point" type="QString" value="1"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="84,39,143,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="110,110,110,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.2"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="2.4"/><Option name="size_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/><Option name="horizontal_anchor_point" type="QString" value="1"/><Option name="vertical_anchor_point" type="QString" value="1"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="5" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="230,230,230,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="110,110,110,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.2"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="2.4"/><Option name="size_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/><Option name="horizontal_anchor_point" type="QString" value="1"/><Option name="vertical_anchor_point" type="QString" value="1"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="6" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="190,190,190,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="110,110,110,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.2"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="2.4"/><Option name="size_unit" type="QString" value="MM"/><Option name="joinstyle" type="QString" value="miter"/><Option name="horizontal_anchor_point" type="QString" value="1"/><Option name="vertical_anchor_point" type="QString" value="1"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <layerGeometryType>0</layerGeometryType>
</qgis>
